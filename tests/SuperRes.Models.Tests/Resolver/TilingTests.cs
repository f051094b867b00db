using NUnit.Framework;
using SixLabors.ImageSharp;

namespace SuperRes.Models.Tests.Resolver;

public class TilingTests
{
    // Without the mirrored image beyond the borders the regions are cut off there; with it they keep their margin.
    [TestCase(23, 17, 11, 3, false)]
    [TestCase(30, 5, 8, 1, false)]
    [TestCase(9, 40, 5, 0, false)]
    [TestCase(10, 10, 0, 3, false)]
    [TestCase(7, 7, 7, 3, false)]
    [TestCase(23, 17, 11, 3, true)]
    [TestCase(30, 5, 8, 1, true)]
    [TestCase(10, 10, 0, 3, true)]
    [TestCase(7, 7, 13, 3, true)]
    [TestCase(7, 7, 12, 3, true)]
    public void CoresCoverTheImageOnceAndRegionsAreCoresWidenedByTheOverlap(int width, int height, int tileSize, int overlap, bool beyondBorders)
    {
        var image = new Rectangle(0, 0, width, height);
        var coverage = new int[width * height];
        var tiles = Tiling.Plan(width, height, tileSize, overlap, beyondBorders);
        foreach (var tile in tiles)
        {
            var inflated = Rectangle.Inflate(tile.Core, overlap, overlap);
            var widened = beyondBorders ? inflated : Rectangle.Intersect(inflated, image);
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
        Assert.That(Tiling.Plan(23, 17, 11, 3, beyondBorders: false), Has.Count.EqualTo(20));
    }
}
