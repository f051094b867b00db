using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Testing;
using SuperRes.Training.Degradations;

namespace SuperRes.Training.Tests;

public class DegradationTests
{
    [Test]
    public void BicubicDownscaleIsTheProtocolsMatlabImresize()
    {
        var hr = TestImages.Pattern(30, 24, 1);
        var lr = new BicubicDownscale().Apply(hr, 3, new Random(0));
        var expected = EvaluationPairs.Create(hr, 3).LowResolution;
        Assert.That(lr.Levels, Is.EqualTo(255));
        for (var p = 0; p < 3; p++)
        {
            Assert.That(lr.GetPlane(p).ToArray(), Is.EqualTo(expected.GetPlane(p).ToArray()));
        }
    }

    [Test]
    public void ForEvaluationRepeatsItsNoiseInEachNewRunAndDrawsAfreshForEachImageOfARun()
    {
        var hr = TestImages.Pattern(30, 24, 1);
        var noisy = new DegradationPipeline(new BicubicDownscale(), new GaussianNoise(10));
        var firstRun = noisy.ForEvaluation(3);
        var secondRun = noisy.ForEvaluation(3);

        var (first, next) = (firstRun(hr).GetPlane(0).ToArray(), firstRun(hr).GetPlane(0).ToArray());
        var again = secondRun(hr).GetPlane(0).ToArray();

        Assert.That(again, Is.EqualTo(first), "each run over a dataset sees the same LR images");
        Assert.That(next, Is.Not.EqualTo(first), "the second image of a run gets its own noise");
        Assert.That(new BicubicDownscale().ForEvaluation(3)(hr).GetPlane(0).ToArray(), Is.EqualTo(EvaluationPairs.Create(hr, 3).LowResolution.GetPlane(0).ToArray()));
    }

    [Test]
    public void DownscalesRefuseSizesThatAreNotAMultipleOfTheScale()
    {
        var hr = TestImages.Pattern(31, 24, 1);
        Assert.Throws<ArgumentException>(() => new BicubicDownscale().Apply(hr, 3, new Random(0)));
        Assert.Throws<ArgumentException>(() => new GaussianBlurDownscale(1).Apply(hr, 3, new Random(0)));
    }

    [Test]
    public void BlurOfAConstantImageIsConstant()
    {
        var lr = new GaussianBlurDownscale(1.6).Apply(TestPlanes.Constant(24, 18, 3, 77), 3, new Random(0));
        Assert.That((lr.Width, lr.Height), Is.EqualTo((8, 6)));
        for (var p = 0; p < 3; p++)
        {
            Assert.That(lr.GetPlane(p).ToArray(), Is.All.EqualTo(77 / 255f));
        }
    }

    [Test]
    public void DecimationKeepsTheCentreOfEachBlock()
    {
        // Value = column index: without blur, LR column j must hold HR column j s + (s - 1) / 2.
        var hr = new PlanarImage(12, 3, 1);
        for (var i = 0; i < hr.GetPlane(0).Length; i++)
        {
            hr.GetPlane(0)[i] = (i % 12) / 100f;
        }

        var lr = new GaussianBlurDownscale(0).Apply(hr, 3, new Random(0));
        Assert.That(lr.GetPlane(0)[..4].ToArray(), Is.EqualTo(new[] { 0.01f, 0.04f, 0.07f, 0.10f }).Within(1e-6));
    }

    [Test]
    public void BlurKernelIsNormalisedAndWidthFollowsSigma()
    {
        var kernel = new GaussianBlurDownscale(1.5).Kernel;
        Assert.That(kernel, Has.Length.EqualTo(11));
        Assert.That(kernel.Sum(), Is.EqualTo(1).Within(1e-12));
        Assert.That(kernel[4] / kernel[5], Is.EqualTo(Math.Exp(-1 / (2 * 1.5 * 1.5))).Within(1e-12));
    }

    [Test]
    public void ASigmaSoSmallThatItsSquareUnderflowsDecimatesLikeSigmaZero()
    {
        var hr = TestPlanes.Constant(12, 6, 1, 90);

        var lr = new GaussianBlurDownscale(1e-200).Apply(hr, 3, new Random(0));

        Assert.That(new GaussianBlurDownscale(1e-200).Kernel, Is.EqualTo(new[] { 0.0, 1.0, 0.0 }));
        Assert.That(lr.GetPlane(0).ToArray(), Is.All.EqualTo(90 / 255f).Within(1e-6));
    }

    [Test]
    public void ASigmaWhoseKernelWouldNotFitInAnArrayIsRefused()
    {
        Assert.That(() => new GaussianBlurDownscale(1e9), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("more than an array holds"));
    }

    [Test]
    public void NoiseHasTheRequestedStandardDeviation()
    {
        var image = TestPlanes.Constant(128, 128, 3, 128);
        var noisy = new GaussianNoise(10).Apply(image, 2, new Random(3));
        var differences = Enumerable.Range(0, 3).SelectMany(p => noisy.GetPlane(p).ToArray().Select(v => (v * 255.0) - 128)).ToArray();
        var mean = differences.Average();
        var std = Math.Sqrt(differences.Select(d => (d - mean) * (d - mean)).Average());

        // 49152 samples: the standard error of the std is about 10 / sqrt(2 n) = 0.03 levels.
        Assert.That(mean, Is.EqualTo(0).Within(0.2));
        Assert.That(std, Is.EqualTo(10).Within(0.2));
        Assert.That(noisy.Levels, Is.EqualTo(255));
        Assert.That(noisy.GetPlane(0).ToArray(), Is.All.Matches<float>(v => Math.Abs((v * 255) - Math.Round(v * 255)) < 1e-3));
    }

    [Test]
    public void JpegChangesTheImageButStaysClose()
    {
        var image = TestImages.Pattern(64, 48, 2);
        var compressed = new JpegCompression(50).Apply(image, 2, new Random(0));
        var differences = Enumerable.Range(0, 3)
            .SelectMany(p => image.GetPlane(p).ToArray().Zip(compressed.GetPlane(p).ToArray(), (a, b) => Math.Abs(a - b) * 255.0))
            .ToArray();
        Assert.That((compressed.Width, compressed.Height, compressed.ColorPlanes), Is.EqualTo((64, 48, 3)));
        Assert.That(differences.Max(), Is.GreaterThan(1), "JPEG at quality 50 must change some pixels");
        Assert.That(differences.Average(), Is.LessThan(12), "but only by compression artefacts");
    }

    [Test]
    public void LowerJpegQualityLosesMore()
    {
        var image = TestImages.Pattern(64, 48, 2);
        double Error(int quality)
        {
            var compressed = new JpegCompression(quality).Apply(image, 2, new Random(0));
            return image.GetPlane(1).ToArray().Zip(compressed.GetPlane(1).ToArray(), (a, b) => Math.Abs(a - b)).Average();
        }

        Assert.That(Error(10), Is.GreaterThan(Error(90)));
    }

    [Test]
    public void PipelineAppliesItsStepsInOrder()
    {
        var hr = TestImages.Pattern(24, 24, 4);
        var pipeline = new DegradationPipeline(new BicubicDownscale(), new GaussianNoise(0), new JpegCompression(95));
        var lr = pipeline.Apply(hr, 2, new Random(0));
        var expected = new JpegCompression(95).Apply(new BicubicDownscale().Apply(hr, 2, new Random(0)), 2, new Random(0));
        Assert.That((lr.Width, lr.Height), Is.EqualTo((12, 12)));
        Assert.That(lr.GetPlane(0).ToArray(), Is.EqualTo(expected.GetPlane(0).ToArray()));
    }
}
