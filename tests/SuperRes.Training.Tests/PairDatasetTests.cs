using NUnit.Framework;
using SixLabors.ImageSharp;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training.Data;

namespace SuperRes.Training.Tests;

public class PairDatasetTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "superres-pairs-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void LoadMakesOnePairPerImageOfEveryFolderAndScale()
    {
        var first = TestImages.WriteFolder(_folder, "T91", 2, 25, 19);
        var second = TestImages.WriteFolder(_folder, "BSD200", 3, 16, 16);
        var dataset = PairDataset.Load([first, second], new PairDatasetOptions { Scales = [2, 3] });
        Assert.That(dataset.Pairs(2).Select(p => p.Name), Is.EqualTo(new[] { "img0.png", "img1.png", "img0.png", "img1.png", "img2.png" }));
        Assert.That(dataset.Sources, Is.EqualTo(new[] { "T91", "BSD200" }));

        // 25x19 at x3 is cropped to 24x18; the LR is a third of that.
        var pair = dataset.Pairs(3)[0];
        Assert.That((pair.Target.Width, pair.Target.Height, pair.Input.Width, pair.Input.Height), Is.EqualTo((24, 18, 8, 6)));
        Assert.That(pair.Target.GetPlane(0).ToArray(), Is.EqualTo(YCbCr.Luma(TestImages.Pattern(25, 19, 100).Crop(0, 0, 24, 18)).GetPlane(0).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => dataset.Pairs(4));
    }

    [Test]
    public void ImageScalesAddAShrunkCopyOfEveryImage()
    {
        var image = TestImages.Pattern(40, 30, 7);
        var dataset = PairDataset.Create([image], new PairDatasetOptions { Scales = [2], ImageScales = [1, 0.5] });
        var pairs = dataset.Pairs(2);
        Assert.That(pairs.Select(p => p.Name), Is.EqualTo(new[] { "#0", "#0@0.5" }));
        Assert.That(dataset.Sources, Is.Empty, "images given in memory come from no folder");

        // Half of 40x30 is 20x15, cropped to 20x14 for x2: MATLAB's imresize of the 8-bit image, then the usual pair.
        var shrunk = image.Resize(0.5);
        Assert.That(shrunk.Levels, Is.EqualTo(255));
        Assert.That((pairs[1].Target.Width, pairs[1].Target.Height, pairs[1].Input.Width, pairs[1].Input.Height), Is.EqualTo((20, 14, 10, 7)));
        Assert.That(pairs[1].Target.GetPlane(0).ToArray(), Is.EqualTo(YCbCr.Luma(shrunk.Crop(0, 0, 20, 14).WithLevels(0)).GetPlane(0).ToArray()));
        Assert.That(pairs[0].Target.GetPlane(0).ToArray(), Is.EqualTo(PairDataset.Create([image], new PairDatasetOptions { Scales = [2] }).Pairs(2)[0].Target.GetPlane(0).ToArray()));
    }

    [Test]
    public void TheRunDescriptionSaysWhetherTheOriginalsAreKept()
    {
        var images = new[] { TestImages.Pattern(40, 40, 1) };
        Assert.That(Describe(images, [1, 0.5]), Does.Contain("(images also shrunk by 0.5)"));
        Assert.That(Describe(images, [0.5]), Does.Contain("(images shrunk by 0.5, originals unused)"));
        Assert.That(Describe(images, [1]), Does.Not.Contain("shrunk"));
    }

    [TestCase(0.0)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void ImageScalesOutsideZeroToOneAreRefused(double factor)
    {
        var error = Assert.Throws<ArgumentException>(() => PairDataset.Create([TestImages.Pattern(16, 16, 1)], new PairDatasetOptions { ImageScales = [1, factor] }));
        Assert.That(error!.Message, Does.Contain("Image scales"));
    }

    private static IEnumerable<TestCaseData> OptionsWithANull()
    {
        yield return new TestCaseData(new PairDatasetOptions { Scales = null! }).SetName("NullScalesAreRefusedByName");
        yield return new TestCaseData(new PairDatasetOptions { ImageScales = null! }).SetName("NullImageScalesAreRefusedByName");
        yield return new TestCaseData(new PairDatasetOptions { Degradation = null! }).SetName("ANullDegradationIsRefusedByName");
    }

    [TestCaseSource(nameof(OptionsWithANull))]
    public void OptionsSetToNullAreRefusedByName(PairDatasetOptions options)
    {
        var error = Assert.Throws<ArgumentException>(() => PairDataset.Create([TestImages.Pattern(16, 16, 1)], options));
        Assert.That(error!.Message, Does.StartWith("PairDatasetOptions.Scales, ImageScales and Degradation must be set"));
    }

    [Test]
    public void ATruncatedImageStopsLoadingWithItsOwnErrorNamingIt()
    {
        var folder = TestImages.WriteFolder(_folder, "T91", 3, 16, 16);
        var bad = Path.Combine(folder, "img1.png");
        var bytes = File.ReadAllBytes(bad);
        File.WriteAllBytes(bad, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidImageContentException>(() => PairDataset.Load([folder], new PairDatasetOptions()));
        Assert.That(error!.Message, Does.StartWith($"'{bad}'"));
    }

    [Test]
    public void AnImageThatShrinksBelowTheScaleIsNamedInItsOwnError()
    {
        // 6x6 at 0.3 is 2x2, smaller than x3: the error names the shrunk copy, not "one or more errors occurred".
        var images = new[] { TestImages.Pattern(40, 40, 1), TestImages.Pattern(6, 6, 2) };

        var error = Assert.Throws<ArgumentException>(() => PairDataset.Create(images, new PairDatasetOptions { Scales = [3], ImageScales = [1, 0.3] }));

        Assert.That(error!.Message, Does.Contain("Training image #1@0.3 (2x2) is smaller than the scale 3"));
    }

    [Test]
    public void BenchmarkTestSetsAreRefusedAsTrainingData()
    {
        var folder = TestImages.WriteFolder(_folder, "Set5", 1, 16, 16);
        var error = Assert.Throws<ArgumentException>(() => PairDataset.Load([folder], new PairDatasetOptions()));
        Assert.That(error!.Message, Does.Contain("Set5"));
    }

    private static string Describe(PlanarImage[] images, double[] imageScales)
    {
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ImageScales = imageScales });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 4, BatchSize = 1 });
        using var network = new Espcn(2, new EspcnOptions { FirstFeatures = 2, SecondFeatures = 2 });
        var folder = Path.Combine(Path.GetTempPath(), "superres-describe-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TrainerOptions { Iterations = 1, Threads = 1, Device = ComputeDevice.Cpu, Files = TrainingFiles.Beside(Path.Combine(folder, "m.safetensors")), Architecture = "espcn" };
            new Trainer(network, sampler, options).Train();
            using var file = File.OpenRead(Path.Combine(folder, "m.safetensors"));
            return ModelWeights.ReadMetadata(file).TrainingRecipe!;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
