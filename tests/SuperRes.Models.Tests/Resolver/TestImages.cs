using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;

namespace SuperRes.Models.Tests.Resolver;

/// <summary>Seeded random test images.</summary>
internal static class TestImages
{
    /// <summary>A 16-bit RGBA image with every component drawn from [min, max] (of 65535); R = G = B when grey.</summary>
    public static Image<Rgba64> Rgba64(int width, int height, int seed, ushort min = 0, ushort max = ushort.MaxValue, bool grey = false)
    {
        var random = new Random(seed);
        var image = new Image<Rgba64>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var r = (ushort)random.Next(min, max + 1);
                var g = grey ? r : (ushort)random.Next(min, max + 1);
                var b = grey ? r : (ushort)random.Next(min, max + 1);
                image[x, y] = new Rgba64(r, g, b, (ushort)random.Next(0, 65536));
            }
        }

        return image;
    }

    /// <summary>Continuous (Levels 0) planes with values uniform in [0, 1].</summary>
    public static PlanarImage Planes(int width, int height, int colorPlanes, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, colorPlanes);
        for (var p = 0; p < colorPlanes; p++)
        {
            foreach (ref var value in image.GetPlane(p))
            {
                value = random.NextSingle();
            }
        }

        return image;
    }
}
