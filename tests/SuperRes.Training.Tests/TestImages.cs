using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;

namespace SuperRes.Training.Tests;

/// <summary>Small deterministic images for training tests.</summary>
internal static class TestImages
{
    /// <summary>An 8-bit RGB image of smooth waves plus fine texture, different for each seed.</summary>
    public static PlanarImage Pattern(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, 3, levels: 255);
        var phase = random.NextDouble() * 6;
        for (var p = 0; p < 3; p++)
        {
            var plane = image.GetPlane(p);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var value = 0.5 + (0.3 * Math.Sin((x * 0.3) + phase + p)) * Math.Cos((y * 0.2) - phase) + (0.1 * (random.NextDouble() - 0.5));
                    plane[(y * width) + x] = (float)(Math.Round(Math.Clamp(value, 0, 1) * 255) / 255);
                }
            }
        }

        return image;
    }

    /// <summary>Writes <paramref name="count"/> pattern images as PNGs into a new folder <paramref name="parent"/>/<paramref name="name"/>.</summary>
    public static string WriteFolder(string parent, string name, int count, int width, int height)
    {
        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            using var image = Pattern(width, height, 100 + i).ToImage<Rgb24>();
            image.SaveAsPng(Path.Combine(folder, $"img{i}.png"));
        }

        return folder;
    }
}
