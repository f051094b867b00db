using SuperRes.Imaging;

namespace SuperRes.Core.Tests;

internal static class TestImages
{
    /// <summary>Uniform noise in [0, 1], reproducible from the seed, rounded to <paramref name="levels"/> when not 0.</summary>
    public static PlanarImage Noise(int width, int height, int colorPlanes, int seed, int levels = 0, bool hasAlpha = false)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, colorPlanes, hasAlpha, levels);
        for (var p = 0; p < image.PlaneCount; p++)
        {
            var plane = image.GetPlane(p);
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = levels == 0 ? random.NextSingle() : random.Next(levels + 1) / (float)levels;
            }
        }

        return image;
    }
}
