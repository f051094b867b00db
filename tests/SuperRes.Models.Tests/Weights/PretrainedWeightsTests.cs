using NUnit.Framework;
using SuperRes.Metrics;
using SuperRes.Models.Weights;
using SuperRes.Testing;

namespace SuperRes.Models.Tests.Weights;

public sealed class PretrainedWeightsTests
{
    [Test]
    public void Resource_names_follow_the_model_and_scale()
    {
        Assert.That(PretrainedWeights.ResourceName("espcn", 3), Is.EqualTo("weights/espcn_x3.safetensors"));
        Assert.That(PretrainedWeights.ResourceName("FSRCNN", 2), Is.EqualTo("weights/fsrcnn_x2.safetensors"));
    }

    [Test]
    public void Absent_weights_open_as_null()
    {
        Assert.That(PretrainedWeights.TryOpen("no-such-model", 2), Is.Null);
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => PretrainedWeights.TryOpen(" ", 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PretrainedWeights.TryOpen("espcn", 0));
    }

    [Test]
    public void Every_embedded_weights_file_is_valid_and_named_after_its_metadata()
    {
        var assembly = typeof(PretrainedWeights).Assembly;
        var names = assembly.GetManifestResourceNames().Where(name => name.StartsWith("weights/", StringComparison.Ordinal)).ToList();
        Assert.That(names, Is.Not.Empty);

        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var file = SafeTensorsFile.Read(stream);
            var metadata = WeightsMetadata.Parse(file.Metadata);
            Assert.That(name, Is.EqualTo(PretrainedWeights.ResourceName(metadata.Architecture, metadata.Scale)));
        }
    }

    [Test]
    public void Srcnn_fsrcnn_espcn_and_edsr_baseline_ship_at_x2_x3_and_x4()
    {
        var required = new[] { "srcnn", "fsrcnn", "espcn", "edsr-baseline" }.SelectMany(m => new[] { 2, 3, 4 }.Select(s => $"{m} x{s}"));

        Assert.That(Shipped().Select(f => $"{f.Model} x{f.Scale}"), Is.SupersetOf(required));
    }

    [TestCaseSource(nameof(ShippedFiles))]
    public void Shipped_weights_carry_their_recipe_and_scores(string model, int scale)
    {
        var metadata = PretrainedWeights.Metadata(model, scale)!;

        Assert.That(metadata.TrainingRecipe, Does.Contain("T91").And.Contain("BSD200"));
        Assert.That(new[] { "Set5", "Set14", "BSD100" }.Select(set => metadata.PsnrAt(set, scale)), Has.None.Null);

        // Every shipped network must beat bicubic as the VDSR paper reports it (Set5 33.66 / 30.39 / 28.42).
        var bicubic = PublishedScores.Find("bicubic", "Set5", scale)!.Psnr;
        Assert.That(metadata.PsnrAt("Set5", scale), Is.GreaterThan(bicubic + 0.5));
    }

    [Test]
    public void Networks_beyond_the_three_ship_only_where_they_beat_fsrcnn_at_that_scale(
        [Values(2, 3, 4)] int scale)
    {
        // Issue 4's rule for VDSR, EDSR and SRResNet: a file ships only if it is better than FSRCNN at its scale.
        var fsrcnn = PretrainedWeights.Metadata("fsrcnn", scale)!;
        var others = ModelCatalog.All
            .Where(m => m.Name is not ("srcnn" or "fsrcnn" or "espcn") && m.HasPretrainedWeights(scale))
            .Select(m => (m.Name, Metadata: PretrainedWeights.Metadata(m.Name, scale)!));

        Assert.Multiple(() =>
        {
            foreach (var (name, metadata) in others)
            {
                foreach (var dataset in new[] { "Set5", "Set14", "BSD100" })
                {
                    Assert.That(metadata.PsnrAt(dataset, scale) ?? 0, Is.GreaterThan(fsrcnn.PsnrAt(dataset, scale)!.Value), $"{name} x{scale} on {dataset}");
                }
            }
        });
    }

    [TestCaseSource(nameof(ShippedFiles))]
    public void Shipped_weights_score_on_Set5_what_their_metadata_records(string model, int scale)
    {
        var set5 = SharedData.Require("datasets/Set5");
        using var resolver = (ModelResolver)SuperResolvers.Create(model, scale);

        var measured = Evaluation.Run(model, resolver, set5).Psnr;

        Assert.That(measured, Is.EqualTo(PretrainedWeights.Metadata(model, scale)!.PsnrAt("Set5", scale)).Within(0.01));
    }

    private static IEnumerable<(string Model, int Scale)> Shipped() =>
        ModelCatalog.All.SelectMany(m => m.Scales.Where(m.HasPretrainedWeights).Select(scale => (m.Name, scale)));

    private static IEnumerable<TestCaseData> ShippedFiles() => Shipped().Select(f => new TestCaseData(f.Model, f.Scale));
}
