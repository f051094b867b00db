using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Testing;

namespace SuperRes.Core.Tests;

/// <summary>Our bicubic downscaler against the benchmark LR files that MATLAB's imresize made for Set5.</summary>
public class MatlabBicubicLowResolutionTests
{
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void EvaluationPairsReproduceMatlabsSet5LowResolutionImagesBitExactly(int scale)
    {
        var set5 = SharedData.Require("datasets/Set5");
        var highResolution = Directory.GetFiles(Path.Combine(set5, "HR"), "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.That(highResolution, Has.Length.EqualTo(5));
        foreach (var file in highResolution)
        {
            using var hr = Image.Load<Rgb24>(file);
            var pair = EvaluationPairs.Create(PlanarImage.FromImage(hr), scale);
            using var ours = pair.LowResolution.ToImage<Rgb24>();
            using var matlab = Image.Load<Rgb24>(Path.Combine(set5, "LR_bicubic", $"X{scale}", $"{Path.GetFileNameWithoutExtension(file)}x{scale}.png"));

            Assert.That(ours.Size(), Is.EqualTo(matlab.Size()), file);
            var differing = 0;
            for (var y = 0; y < ours.Height; y++)
            {
                for (var x = 0; x < ours.Width; x++)
                {
                    differing += ours[x, y].Equals(matlab[x, y]) ? 0 : 1;
                }
            }

            Assert.That(differing, Is.Zero, $"{Path.GetFileName(file)} x{scale}: pixels that differ from MATLAB's");
        }
    }
}
