using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;

namespace SuperRes.Benchmarks;

/// <summary>Deterministic smooth-plus-noise test content, so that every run times the same pixels.</summary>
internal static class BenchmarkImages
{
    public static Image<Rgb24> Rgb(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Gradients with a little noise: natural-image-like values, not a constant the kernels could shortcut.
                image[x, y] = new Rgb24(
                    (byte)Math.Clamp((255 * x / width) + random.Next(-8, 9), 0, 255),
                    (byte)Math.Clamp((255 * y / height) + random.Next(-8, 9), 0, 255),
                    (byte)Math.Clamp(128 + random.Next(-40, 41), 0, 255));
            }
        }

        return image;
    }

    public static PlanarImage Planes(int width, int height, int seed = 1)
    {
        using var image = Rgb(width, height, seed);
        return PlanarImage.FromImage(image);
    }
}
