using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class ResamplerTests
{
    [Test]
    public void ConstantImagesStayConstantForEveryMethodAndScale(
        [Values] InterpolationMethod method,
        [Values(0.37, 0.5, 1.5, 2, 3, 4)] double scale)
    {
        var image = new PlanarImage(13, 9, 3, hasAlpha: true, levels: 255);
        for (var p = 0; p < image.PlaneCount; p++)
        {
            image.GetPlane(p).Fill((40 + (50 * p)) / 255f);
        }

        var resized = image.Resize(scale, method);

        Assert.That(resized.Width, Is.EqualTo((int)Math.Ceiling(13 * scale)));
        Assert.That(resized.Height, Is.EqualTo((int)Math.Ceiling(9 * scale)));
        for (var p = 0; p < resized.PlaneCount; p++)
        {
            Assert.That(resized.GetPlane(p).ToArray(), Is.All.EqualTo((40 + (50 * p)) / 255f), $"plane {p}");
        }
    }

    [Test]
    public void ScaleOneIsTheIdentity([Values] InterpolationMethod method)
    {
        var image = TestImages.Noise(17, 11, 3, seed: 1);

        var resized = image.Resize(1, method);

        Assert.That(resized.GetPlane(1).ToArray(), Is.EqualTo(image.GetPlane(1).ToArray()));
    }

    [Test]
    public void EightBitBicubicDoublingOfARampMatchesHandComputedValues()
    {
        // Row 10, 20, 30, 40. Output 1: (-3*20 + 29*10 + 111*10 - 9*20) / 128 = 9.0625 -> 9.
        // Output 2: (-9*10 + 111*10 + 29*20 - 3*30) / 128 = 11.796875 -> 12.
        using var row = new Image<L8>(4, 1);
        for (var x = 0; x < 4; x++)
        {
            row[x, 0] = new L8((byte)(10 * (x + 1)));
        }

        using var doubled = new InterpolationResolver(InterpolationMethod.Bicubic, 2).Upscale(row);

        Assert.That(doubled.Size(), Is.EqualTo(new Size(8, 2)));
        Assert.That(new[] { doubled[0, 0].PackedValue, doubled[1, 0].PackedValue, doubled[0, 1].PackedValue }, Is.EqualTo(new byte[] { 9, 12, 9 }));
    }

    [Test]
    public void NearestDoublingRepeatsEachPixel()
    {
        var image = TestImages.Noise(5, 4, 1, seed: 2, levels: 255);

        var doubled = image.Resize(2, InterpolationMethod.Nearest);

        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 10; x++)
            {
                Assert.That(doubled.GetPlane(0)[(y * 10) + x], Is.EqualTo(image.GetPlane(0)[(y / 2 * 5) + (x / 2)]));
            }
        }
    }

    [Test]
    public void IntegerImagesAreRoundedToTheirLevelsAndContinuousOnesAreNot()
    {
        var continuous = TestImages.Noise(9, 9, 1, seed: 3);
        var eightBit = continuous.WithLevels(255);

        var fromContinuous = continuous.Resize(1.7);
        var fromEightBit = eightBit.Resize(1.7);

        Assert.That(fromEightBit.Levels, Is.EqualTo(255));
        Assert.That(fromEightBit.GetPlane(0).ToArray(), Is.All.Matches<float>(v => Math.Abs((v * 255) - Math.Round(v * 255)) < 1e-3));
        Assert.That(fromContinuous.GetPlane(0).ToArray().Count(v => Math.Abs((v * 255) - Math.Round(v * 255)) > 0.01), Is.GreaterThan(10));
    }

    [TestCase(13, 11, 3.0, 0)]
    [TestCase(13, 11, 3.0, 255)]
    [TestCase(21, 9, 0.37, 255)]
    [TestCase(17, 23, 2.0, 65535)]
    public void EveryOutputIsTheDoubleSumOfItsTapsInMatlabsOrder(int width, int height, double scale, int levels)
    {
        var image = TestImages.Noise(width, height, 1, seed: 7);
        image = levels == 0 ? image : image.WithLevels(levels);

        var resized = image.Resize(scale);

        // Straight from the definition: rows first (equal factors), each sum in double over the taps in order.
        var rows = ResizeWeights.Compute(height, resized.Height, scale, InterpolationMethod.Bicubic);
        var columns = ResizeWeights.Compute(width, resized.Width, scale, InterpolationMethod.Bicubic);
        var source = image.GetPlane(0).ToArray();
        var intermediate = new float[rows.OutputLength * width];
        for (var y = 0; y < rows.OutputLength; y++)
        {
            for (var x = 0; x < width; x++)
            {
                intermediate[(y * width) + x] = Sum(t => rows.Weights[(y * rows.Taps) + t], t => source[(rows.Indices[(y * rows.Taps) + t] * width) + x], rows.Taps);
            }
        }

        var actual = resized.GetPlane(0).ToArray();
        for (var y = 0; y < resized.Height; y++)
        {
            for (var x = 0; x < resized.Width; x++)
            {
                var expected = Sum(t => columns.Weights[(x * columns.Taps) + t], t => intermediate[(y * width) + columns.Indices[(x * columns.Taps) + t]], columns.Taps);
                Assert.That(actual[(y * resized.Width) + x], Is.EqualTo(expected), $"({x}, {y})");
            }
        }

        float Sum(Func<int, double> weight, Func<int, float> value, int taps)
        {
            var sum = 0.0;
            for (var t = 0; t < taps; t++)
            {
                sum += weight(t) * (levels == 0 ? value(t) : Math.Round((double)value(t) * levels));
            }

            return levels == 0 ? (float)sum : (float)(Math.Clamp(Math.Round(sum, MidpointRounding.AwayFromZero), 0, levels) / levels);
        }
    }

    [Test]
    public void ShrinkingByAnInexactFactorUsesMatlabsCeilingSize()
    {
        var image = TestImages.Noise(10, 7, 1, seed: 4);

        var resized = image.Resize(1.0 / 3);

        Assert.That((resized.Width, resized.Height), Is.EqualTo((4, 3)));
    }

    [Test]
    public void ExplicitSizeResizesEachAxisByItsOwnFactor()
    {
        var image = TestImages.Noise(10, 20, 3, seed: 5);

        var resized = image.Resize(25, 10, InterpolationMethod.Bilinear);

        Assert.That((resized.Width, resized.Height, resized.ColorPlanes), Is.EqualTo((25, 10, 3)));
    }
}
