using NUnit.Framework;
using SuperRes.Models.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class EdsrTests
{
    [Test]
    public void FullModelAtX2HasAbout40Point7MillionParameters()
    {
        using var edsr = new Edsr(2, EdsrOptions.Full);

        // conv 3->256; 32 blocks of two 3x3 256->256; conv 256->256; x2 stage 256->1024; conv 256->3; all with biases.
        const long conv256 = (256 * 256 * 9) + 256;
        const long expected = (3 * 256 * 9) + 256 + (32 * 2 * conv256) + conv256 + (256 * 1024 * 9) + 1024 + (256 * 3 * 9) + 3;
        Assert.That(expected, Is.EqualTo(40_729_603));
        Assert.That(ModuleFacts.ParameterCount(edsr), Is.EqualTo(expected));
    }

    [TestCase(2, 256, 1)]
    [TestCase(3, 576, 1)]
    [TestCase(4, 256, 2)]
    public void BaselineHasThePapersParameterCount(int scale, int upsampleChannels, int stages)
    {
        using var edsr = new Edsr(scale);

        const long conv64 = (64 * 64 * 9) + 64;
        long expected = (3 * 64 * 9) + 64 + (16 * 2 * conv64) + conv64 + (stages * ((64 * upsampleChannels * 9) + upsampleChannels)) + (64 * 3 * 9) + 3;
        Assert.That(ModuleFacts.ParameterCount(edsr), Is.EqualTo(expected));
        if (scale == 2)
        {
            Assert.That(expected, Is.EqualTo(1_369_859));
        }
    }

    [TestCase(2, new[] { 0 })]
    [TestCase(3, new[] { 0 })]
    [TestCase(4, new[] { 0, 2 })]
    public void StateDictKeysAreBasicSrsWithoutTheMean(int scale, int[] upsampleConvs)
    {
        using var edsr = new Edsr(scale);

        var expected = new[] { "conv_first", "conv_after_body", "conv_last" }
            .Concat(Enumerable.Range(0, 16).SelectMany(i => new[] { $"body.{i}.conv1", $"body.{i}.conv2" }))
            .Concat(upsampleConvs.Select(i => $"upsample.{i}"))
            .SelectMany(module => new[] { $"{module}.weight", $"{module}.bias" });
        Assert.That(ModuleFacts.StateKeys(edsr), Is.EquivalentTo(expected));
    }

    [Test]
    public void WithAllWeightsZeroTheOutputIsTheMean()
    {
        using var scope = NewDisposeScope();
        using var edsr = new Edsr(2, new EdsrOptions { ResidualBlocks = 2 });
        ModuleFacts.ZeroWeights(edsr);

        var output = edsr.call(rand(1, 3, 5, 6));

        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 3, 10, 12 }));
        float[] mean = [0.4488f, 0.4371f, 0.4040f];
        for (var c = 0; c < 3; c++)
        {
            Assert.That(output[0, c].data<float>().ToArray(), Is.All.EqualTo(mean[c]).Within(1e-7));
        }
    }

    [Test]
    public void TheMeanStaysOutOfTheStateAfterConvertingTheModel()
    {
        using var scope = NewDisposeScope();
        using var edsr = new Edsr(2, new EdsrOptions { ResidualBlocks = 1 });

        edsr.to(ScalarType.Float64);
        var output = edsr.call(rand(1, 3, 4, 4, ScalarType.Float64));

        Assert.That(output.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(ModuleFacts.StateKeys(edsr), Has.None.Contains("mean"));
        Assert.That(edsr.buffers(), Is.Empty);
    }

    [Test]
    public void X2WeightsSeedX4EverywhereButTheUpsampler()
    {
        using var scope = NewDisposeScope();
        var options = new EdsrOptions { ResidualBlocks = 2, Features = 8 };
        using var x2 = new Edsr(2, options);
        using var x4 = new Edsr(4, options);

        x4.CopyScaleIndependentParameters(x2);

        var shared = x4.ScaleIndependentParameterNames.ToArray();
        Assert.That(shared, Is.EquivalentTo(x4.state_dict().Keys.Where(k => !k.StartsWith("upsample.", StringComparison.Ordinal))));
        Assert.That(shared, Is.EquivalentTo(x2.ScaleIndependentParameterNames));
        foreach (var name in shared)
        {
            Assert.That(x4.get_parameter(name)!.equal(x2.get_parameter(name)!).all().item<bool>(), Is.True, name);
        }

        Assert.That(x4.get_parameter("upsample.0.weight")!.equal(x2.get_parameter("upsample.0.weight")!).all().item<bool>(), Is.False);
    }

    [Test]
    public void SeedingFromADifferentShapeFailsNamingBoth()
    {
        using var small = new Edsr(2, new EdsrOptions { ResidualBlocks = 1, Features = 8 });
        using var other = new Edsr(3, new EdsrOptions { ResidualBlocks = 2, Features = 8 });

        var error = Assert.Throws<ArgumentException>(() => other.CopyScaleIndependentParameters(small));
        Assert.That(error!.Message, Does.Contain("1 blocks").And.Contain("2 of 8"));
    }
}
