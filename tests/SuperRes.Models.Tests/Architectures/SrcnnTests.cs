using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class SrcnnTests
{
    [Test]
    public void The955NetworkHasThePapersParameterCount()
    {
        using var srcnn = new Srcnn(3);

        // 9x9 1->64, 5x5 64->32, 5x5 32->1, each with biases.
        const long expected = (1 * 64 * 81) + 64 + (64 * 32 * 25) + 32 + (32 * 1 * 25) + 1;
        Assert.That(expected, Is.EqualTo(57_281));
        Assert.That(ModuleFacts.ParameterCount(srcnn), Is.EqualTo(expected));
    }

    [Test]
    public void The915NetworkHasThePapersParameterCount()
    {
        using var srcnn = new Srcnn(3, SrcnnOptions.Srcnn915);

        const long expected = (1 * 64 * 81) + 64 + (64 * 32 * 1) + 32 + (32 * 1 * 25) + 1;
        Assert.That(ModuleFacts.ParameterCount(srcnn), Is.EqualTo(expected));
    }

    [Test]
    public void StateDictKeysAreLornatangs()
    {
        using var srcnn = new Srcnn(2);

        Assert.That(ModuleFacts.StateKeys(srcnn), Is.EquivalentTo(new[]
        {
            "features.0.weight", "features.0.bias", "map.0.weight", "map.0.bias", "reconstruction.weight", "reconstruction.bias",
        }));
    }

    [Test]
    public void OutputHasTheInputsSizeAndIsPreUpsampledLuma()
    {
        using var scope = NewDisposeScope();
        using var srcnn = new Srcnn(4);

        Assert.That(srcnn.call(randn(2, 1, 13, 11)).shape, Is.EqualTo(new long[] { 2, 1, 13, 11 }));
        Assert.That(srcnn.PreUpsampled, Is.True);
        Assert.That(srcnn.ColorMode, Is.EqualTo(ColorMode.Y));
        Assert.That(srcnn.ReceptiveRadius, Is.EqualTo(4 + 2 + 2));
        Assert.That(new Srcnn(4, SrcnnOptions.Srcnn915).ReceptiveRadius, Is.EqualTo(4 + 0 + 2));
    }
}
