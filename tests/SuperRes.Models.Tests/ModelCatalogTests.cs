using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests;

public class ModelCatalogTests
{
    private static IEnumerable<TestCaseData> EveryModelAndScale() =>
        ModelCatalog.All.SelectMany(m => m.Scales.Select(s => new TestCaseData(m.Name, s).SetArgDisplayNames($"{m.Name} x{s}")));

    [Test]
    public void ListsTheNineModels()
    {
        Assert.That(ModelCatalog.All.Select(m => m.Name), Is.EqualTo(new[]
        {
            "srcnn", "srcnn-915", "fsrcnn", "fsrcnn-s", "espcn", "vdsr", "srresnet", "edsr-baseline", "edsr",
        }));
        Assert.That(ModelCatalog.All.Select(m => m.Scales), Has.All.Contains(2).And.All.Contains(3).And.All.Contains(4));
    }

    [TestCaseSource(nameof(EveryModelAndScale))]
    public void CreatesEveryModelAtEveryScaleWithTheExpectedOutputShape(string name, int scale)
    {
        using var scope = NewDisposeScope();
        var info = ModelCatalog.Get(name);
        using var network = ModelCatalog.Create(name, scale);
        network.eval();
        var channels = info.ColorMode == ColorMode.Y ? 1 : 3;

        using var _ = no_grad();
        var output = network.call(rand(1, channels, 12, 12));

        var side = info.PreUpsampled ? 12 : 12 * scale;
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, channels, side, side }));
        Assert.That(network.Scale, Is.EqualTo(scale));
        Assert.That((network.ColorMode, network.PreUpsampled), Is.EqualTo((info.ColorMode, info.PreUpsampled)));
        Assert.That(info.ReceptiveRadius(scale), Is.EqualTo(network.ReceptiveRadius));
    }

    [Test]
    public void KnowsEachModelsKind()
    {
        var kinds = ModelCatalog.All.ToDictionary(m => m.Name, m => (m.ColorMode, m.PreUpsampled));

        Assert.That(kinds["srcnn"], Is.EqualTo((ColorMode.Y, true)));
        Assert.That(kinds["vdsr"], Is.EqualTo((ColorMode.Y, true)));
        Assert.That(kinds["fsrcnn-s"], Is.EqualTo((ColorMode.Y, false)));
        Assert.That(kinds["espcn"], Is.EqualTo((ColorMode.Y, false)));
        Assert.That(kinds["srresnet"], Is.EqualTo((ColorMode.Rgb, false)));
        Assert.That(kinds["edsr"], Is.EqualTo((ColorMode.Rgb, false)));
    }

    [Test]
    public void CountsParametersOfTheBuiltNetwork()
    {
        Assert.That(ModelCatalog.Get("srcnn").ParameterCount(3), Is.EqualTo(57_281));
        Assert.That(ModelCatalog.Get("edsr-baseline").ParameterCount(2), Is.EqualTo(1_369_859));

        // Only the sub-pixel layer depends on the scale: 32 * r^2 * 9 + r^2.
        var espcn = ModelCatalog.Get("espcn");
        Assert.That(espcn.ParameterCount(4) - espcn.ParameterCount(2), Is.EqualTo((32 * 12 * 9) + 12));
    }

    [Test]
    public void PretrainedWeightsAreTheEmbeddedResourcesOfTheDocumentedName()
    {
        Assert.That(ModelCatalog.Get("edsr-baseline").PretrainedWeightsResourceName(4), Is.EqualTo("weights/edsr-baseline_x4.safetensors"));

        var embedded = typeof(ModelInfo).Assembly.GetManifestResourceNames();
        foreach (var info in ModelCatalog.All)
        {
            Assert.That(info.HasPretrainedWeights(5), Is.False, "no model is built for x5, so none has weights for it");
            foreach (var scale in info.Scales)
            {
                var name = $"weights/{info.Name}_x{scale}.safetensors";
                Assert.That(info.HasPretrainedWeights(scale), Is.EqualTo(embedded.Contains(name)), name);
            }
        }
    }

    [Test]
    public void LooksNamesUpIgnoringCase()
    {
        Assert.That(ModelCatalog.Get("EDSR-Baseline").Name, Is.EqualTo("edsr-baseline"));
    }

    [Test]
    public void UnknownNamesFailListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Create("rcan", 2));

        Assert.That(error!.Message, Does.Contain("'rcan'"));
        foreach (var info in ModelCatalog.All)
        {
            Assert.That(error.Message, Does.Contain(info.Name));
        }
    }

    [TestCase("srcnn", 8)]
    [TestCase("edsr", 5)]
    [TestCase("espcn", 1)]
    public void UnsupportedScalesFailNamingTheModelAndTheScales(string name, int scale)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ModelCatalog.Create(name, scale));

        Assert.That(error!.Message, Does.Contain($"'{name}'").And.Contain($"x{scale}").And.Contain("2, 3, 4"));
    }
}
