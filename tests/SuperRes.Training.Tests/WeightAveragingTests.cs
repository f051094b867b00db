using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Weights;
using TorchSharp;

namespace SuperRes.Training.Tests;

public class WeightAveragingTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-average").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(null, 2.5)]
    [TestCase(new[] { 1.0, 2.0 }, 3.0)]
    [TestCase(new[] { 0.0, 5.0 }, 4.0)]
    [TestCase(new[] { 1e308, 1e308 }, 2.5)]
    public void ConstantModelsAverageToTheWeightedMeanOfTheirConstants(double[]? weights, double expected)
    {
        using var ones = Filled(1);
        using var fours = Filled(4);
        using var target = Filled(0);

        WeightAveraging.AverageInto(target, [ones, fours], weights);

        Assert.That(Values(target).Values.SelectMany(v => v), Is.All.EqualTo((float)expected));
    }

    [Test]
    public void AveragingAModelWithItselfLeavesItExactlyAsItWas()
    {
        torch.manual_seed(3);
        using var model = ModelCatalog.Create("fsrcnn", 3);
        var before = Values(model);

        WeightAveraging.AverageInto(model, [model, model, model]);

        Assert.That(Values(model), Is.EqualTo(before));
    }

    [Test]
    public void AModelOfAnotherLayoutIsNamedAndNothingChanges()
    {
        using var target = Filled(0);
        using var x2 = Filled(1);
        using var x3 = ModelCatalog.Create("espcn", 3);

        var error = Assert.Throws<ArgumentException>(() => WeightAveraging.AverageInto(target, [x2, x3]));

        Assert.That(error!.Message, Does.Contain("Source 1").And.Contain("sub_pixel.0.weight has shape 9x32x3x3, not 4x32x3x3"));
        Assert.That(Values(target).Values.SelectMany(v => v), Is.All.EqualTo(0f));
    }

    [TestCase(new[] { 1.0 }, "2 models but 1 weight")]
    [TestCase(new[] { 1.0, -1.0 }, "non-negative")]
    [TestCase(new[] { 1.0, double.NaN }, "finite")]
    [TestCase(new[] { 0.0, 0.0 }, "all zero")]
    public void UnusableWeightsAreRefused(double[] weights, string message)
    {
        using var a = Filled(1);
        using var b = Filled(2);

        Assert.That(() => WeightAveraging.AverageInto(a, [a, b], weights), Throws.ArgumentException.With.Message.Contain(message));
    }

    [Test]
    public void TwoFilesAverageIntoAFileThatLoadsAsTheMeanAndNamesItsParents()
    {
        var first = Save("first.safetensors", "espcn", 2, seed: 1);
        var second = Save("second.safetensors", "espcn", 2, seed: 2);
        var output = Path.Combine(_folder, "mean.safetensors");

        var metadata = WeightAveraging.AverageFiles([first, second], output);

        using var mean = ModelCatalog.Create("espcn", 2);
        Assert.That(mean.LoadWeights(output, "espcn"), Is.EqualTo(metadata));
        var a = Load(first, "espcn", 2);
        var b = Load(second, "espcn", 2);
        var expected = a.ToDictionary(pair => pair.Key, pair => pair.Value.Zip(b[pair.Key], (x, y) => (float)(((double)x + y) / 2)).ToArray());
        Assert.That(Values(mean), Is.EqualTo(expected));
        Assert.That(metadata.Architecture, Is.EqualTo("espcn"));
        Assert.That(metadata.Scale, Is.EqualTo(2));
        Assert.That(metadata.Psnr, Is.Empty, "the mean was not measured");
        Assert.That(metadata.TrainingRecipe, Does.Contain("2 files of espcn x2").And.EndWith("File 1, first.safetensors, weight 0.5: test recipe 1. File 2, second.safetensors, weight 0.5: test recipe 2."));
    }

    [Test]
    public void MultiScaleFilesAverageIntoAMultiScaleFileAndNotWithFilesOfOtherScales()
    {
        var a = Save("a.safetensors", "srcnn", 2, seed: 1, scales: [2, 3]);
        var b = Save("b.safetensors", "srcnn", 2, seed: 2, scales: [2, 3]);
        var single = Save("single.safetensors", "srcnn", 2, seed: 3);

        var metadata = WeightAveraging.AverageFiles([a, b], Path.Combine(_folder, "mean.safetensors"));
        var error = Assert.Throws<InvalidWeightsException>(() => WeightAveraging.AverageFiles([a, single], Path.Combine(_folder, "mixed.safetensors")));

        Assert.That(metadata.Scales, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(error!.Message, Does.Contain("serves x2 but").And.Contain("x2, x3; only files of the same scales can be averaged"));
        Assert.That(File.Exists(Path.Combine(_folder, "mixed.safetensors")), Is.False);
    }

    // Mirrored borders suit only weights that never learned what zero padding means; one such parent passes it on.
    [TestCase(BorderPadding.Mirror, BorderPadding.Mirror, BorderPadding.Mirror)]
    [TestCase(BorderPadding.Mirror, BorderPadding.Zero, BorderPadding.Zero)]
    [TestCase(BorderPadding.Zero, BorderPadding.Zero, BorderPadding.Zero)]
    public void TheMeanIsPaddingFreeOnlyWhenEveryParentIs(BorderPadding first, BorderPadding second, BorderPadding expected)
    {
        var a = Save("a.safetensors", "srcnn", 3, seed: 1, first);
        var b = Save("b.safetensors", "srcnn", 3, seed: 2, second);

        var metadata = WeightAveraging.AverageFiles([a, b], Path.Combine(_folder, "mean.safetensors"));

        Assert.That(metadata.BorderPadding, Is.EqualTo(expected));
    }

    [Test]
    public void AFileOfAnotherScaleIsNamedAndNoOutputIsWritten()
    {
        var x2 = Save("x2.safetensors", "espcn", 2, seed: 1);
        var x3 = Save("x3.safetensors", "espcn", 3, seed: 1);
        var output = Path.Combine(_folder, "mean.safetensors");

        var error = Assert.Throws<InvalidWeightsException>(() => WeightAveraging.AverageFiles([x2, x3], output));

        Assert.That(error!.Message, Does.Contain("x3.safetensors").And.Contain("espcn x3, but the network is espcn x2"));
        Assert.That(Directory.GetFiles(_folder), Is.EquivalentTo(new[] { x2, x3 }));
    }

    [Test]
    public void ATruncatedFileIsNamedAndNoOutputIsWritten()
    {
        var whole = Save("whole.safetensors", "srcnn", 3, seed: 1);
        var truncated = Path.Combine(_folder, "truncated.safetensors");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var output = Path.Combine(_folder, "mean.safetensors");

        var error = Assert.Throws<InvalidWeightsException>(() => WeightAveraging.AverageFiles([whole, truncated], output));

        Assert.That(error!.Message, Does.Contain("truncated.safetensors"));
        Assert.That(File.Exists(output), Is.False);
    }

    private static SuperResolutionNetwork Filled(float value)
    {
        var network = ModelCatalog.Create("espcn", 2);
        using var noGrad = torch.no_grad();
        foreach (var (_, tensor) in network.state_dict())
        {
            tensor.fill_(value);
        }

        return network;
    }

    private static Dictionary<string, float[]> Values(torch.nn.Module module) =>
        module.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.data<float>().ToArray());

    private static Dictionary<string, float[]> Load(string path, string architecture, int scale)
    {
        using var network = ModelCatalog.Create(architecture, scale);
        network.LoadWeights(path, architecture);
        return Values(network);
    }

    private string Save(string name, string architecture, int scale, int seed, BorderPadding borderPadding = BorderPadding.Zero, int[]? scales = null)
    {
        var path = Path.Combine(_folder, name);
        torch.manual_seed(seed);
        using var network = ModelCatalog.Create(architecture, scale);
        network.SaveWeights(path, WeightsMetadata.For(network, architecture) with { Scales = scales ?? [scale], TrainingRecipe = $"test recipe {seed}", BorderPadding = borderPadding });
        return path;
    }
}
