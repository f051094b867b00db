using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Metrics;
using SuperRes.Testing;

namespace SuperRes.Metrics.Tests;

public class ImageQualityTests
{
    private static readonly QualityOptions AllPlanes = new() { Channel = MetricChannel.AllPlanes };

    [Test]
    public void PsnrOfAConstantFiveLevelErrorIs34Point15Decibels()
    {
        // MSE = 25 on the 0..255 scale: PSNR = 10 log10(255² / 25) = 10 log10(2601) = 34.1514 dB.
        var expected = TestPlanes.Constant(16, 16, 3, 100);
        var actual = TestPlanes.Constant(16, 16, 3, 105);

        Assert.That(ImageQuality.Mse(actual, expected, AllPlanes), Is.EqualTo(25).Within(1e-9));
        Assert.That(ImageQuality.Psnr(actual, expected, AllPlanes), Is.EqualTo(34.1514).Within(1e-4));
    }

    [Test]
    public void YChannelWeighsAGreenErrorBy128Point553Over255()
    {
        // An error of 10 levels in G alone moves Y by 10 * 128.553 / 255 = 5.0413.
        var expected = TestPlanes.Constant(12, 12, 3, 50);
        var actual = TestPlanes.Constant(12, 12, 3, 50);
        actual.GetPlane(1).Fill(60 / 255f);

        Assert.That(ImageQuality.Mse(actual, expected), Is.EqualTo(Math.Pow(10 * 128.553 / 255, 2)).Within(1e-6));
    }

    [Test]
    public void IdenticalImagesHaveInfinitePsnrAndSsimOne()
    {
        var image = Noise(32, 32, 3, seed: 1);

        Assert.That(ImageQuality.Psnr(image, image), Is.EqualTo(double.PositiveInfinity));
        Assert.That(ImageQuality.Ssim(image, image), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void SsimOfTwoConstantImagesFollowsTheLuminanceTerm()
    {
        // With zero variance SSIM = (2 a b + C1) / (a² + b² + C1), C1 = (0.01 * 255)².
        double a = 100, b = 150, c1 = Math.Pow(2.55, 2);

        var ssim = ImageQuality.Ssim(TestPlanes.Constant(20, 20, 1, (int)a), TestPlanes.Constant(20, 20, 1, (int)b), AllPlanes);

        Assert.That(ssim, Is.EqualTo(((2 * a * b) + c1) / ((a * a) + (b * b) + c1)).Within(1e-5));
    }

    [Test]
    public void SsimIsSymmetricAndBelowOneForDifferentImages()
    {
        var first = Noise(40, 30, 3, seed: 2);
        var second = Noise(40, 30, 3, seed: 3);

        var forward = ImageQuality.Ssim(first, second);

        Assert.That(ImageQuality.Ssim(second, first), Is.EqualTo(forward).Within(1e-12));
        Assert.That(forward, Is.LessThan(0.5));
    }

    [Test]
    public void BorderCropIgnoresDifferencesInTheBorder()
    {
        var expected = Noise(20, 20, 3, seed: 4);
        var actual = Noise(20, 20, 3, seed: 4);
        for (var p = 0; p < 3; p++)
        {
            actual.GetPlane(p)[0] = 1 - actual.GetPlane(p)[0];
            actual.GetPlane(p)[(2 * 20) + 19] = 0;
        }

        Assert.That(double.IsFinite(ImageQuality.Psnr(actual, expected)), Is.True);
        Assert.That(ImageQuality.Psnr(actual, expected, new QualityOptions { BorderCrop = 2 }), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void SsimOfTooSmallAnImageIsRejected()
    {
        var image = Noise(10, 30, 1, seed: 5);

        Assert.That(() => ImageQuality.Ssim(image, image), Throws.ArgumentException.With.Message.Contains("11x11"));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void ADataRangeThatIsNotAPositiveFiniteNumberIsRejectedByEveryMetric(double range)
    {
        var image = Noise(12, 12, 1, seed: 2);
        var options = new QualityOptions { DataRange = range };
        const string Message = "QualityOptions.DataRange, the data's peak value, must be a positive finite number";

        Assert.That(() => ImageQuality.Mse(image, image, options), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(Message));
        Assert.That(() => ImageQuality.Psnr(image, image, options), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(Message));
        Assert.That(() => ImageQuality.Ssim(image, image, options), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(Message));
        Assert.That(() => ImageQuality.PsnrFromMse(1, range), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("dataRange"));
    }

    [Test]
    public void SpanSsimComparesTheValueCountWithoutOverflowingWidthTimesHeight()
    {
        // 65536 x 65537 wraps to 65536 in 32 bits.
        var values = new double[65536];

        Assert.That(() => ImageQuality.Ssim(values, values, 65536, 65537), Throws.ArgumentException.With.Message.Contains("65536x65537 = 4295032832 values"));
    }

    [Test]
    public void ImagesOfDifferentSizesAreRejected()
    {
        Assert.That(() => ImageQuality.Psnr(Noise(10, 10, 3, 1), Noise(10, 11, 3, 1)), Throws.ArgumentException.With.Message.Contains("10x11"));
    }

    [Test]
    public void TensorPsnrMatchesThePlanePsnr()
    {
        var expected = Noise(16, 16, 3, seed: 6);
        var actual = Noise(16, 16, 3, seed: 7);
        using var scope = TorchSharp.torch.NewDisposeScope();

        var tensorPsnr = ImageQuality.Psnr(actual.ToTensor(), expected.ToTensor());

        Assert.That(tensorPsnr, Is.EqualTo(ImageQuality.Psnr(actual, expected, AllPlanes)).Within(1e-4));
    }

    private static PlanarImage Noise(int width, int height, int planes, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, planes, levels: 255);
        for (var p = 0; p < planes; p++)
        {
            var plane = image.GetPlane(p);
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = random.Next(256) / 255f;
            }
        }

        return image;
    }
}
