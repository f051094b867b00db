using NUnit.Framework;
using SixLabors.ImageSharp;

namespace SuperRes.Models.Tests.Resolver;

public class TilingTests
{
    [TestCase(23, 17, 11, 3)]
    [TestCase(30, 5, 8, 1)]
    [TestCase(9, 40, 5, 0)]
    [TestCase(10, 10, 0, 3)]
    [TestCase(7, 7, 7, 3)]
    public void CoresCoverTheImageOnceAndRegionsAreCoresWidenedByTheOverlap(int width, int height, int tileSize, int overlap)
    {
        var image = new Rectangle(0, 0, width, height);
        var coverage = new int[width * height];
        var tiles = Tiling.Plan(width, height, tileSize, overlap);
        foreach (var tile in tiles)
        {
            var widened = Rectangle.Intersect(Rectangle.Inflate(tile.Core, overlap, overlap), image);
            Assert.That(tile.Region, Is.EqualTo(widened), $"tile {tile}");
            if (tileSize > 0)
            {
                Assert.That(Math.Max(tile.Region.Width, tile.Region.Height), Is.LessThanOrEqualTo(tileSize), $"tile {tile}");
            }

            for (var y = tile.Core.Top; y < tile.Core.Bottom; y++)
            {
                for (var x = tile.Core.Left; x < tile.Core.Right; x++)
                {
                    coverage[(y * width) + x]++;
                }
            }
        }

        Assert.That(coverage, Is.All.EqualTo(1));
    }

    [Test]
    public void TileCountIsCeilingOfEachSideOverTheCore()
    {
        // Cores of 11 - 2 x 3 = 5 pixels: ceil(23 / 5) = 5 columns, ceil(17 / 5) = 4 rows.
        Assert.That(Tiling.Plan(23, 17, 11, 3), Has.Count.EqualTo(20));
    }
}
