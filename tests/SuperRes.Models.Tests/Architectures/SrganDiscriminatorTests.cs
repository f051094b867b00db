using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class SrganDiscriminatorTests
{
    [TestCase(96)]
    [TestCase(32)]
    public void ParameterCountFollowsThePapersLayerTable(int inputSize)
    {
        using var discriminator = new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = inputSize });

        // k3n64s1 (bias); then k3 n64 s2, n128 s1, n128 s2, n256 s1, n256 s2, n512 s1, n512 s2, each with BN
        // (scale and shift) and no bias; dense 512 * (size / 16)^2 -> 1024 -> 1.
        long[] filters = [64, 64, 128, 128, 256, 256, 512, 512];
        long expected = (3 * 64 * 9) + 64;
        for (var i = 1; i < 8; i++)
        {
            expected += (filters[i - 1] * filters[i] * 9) + (2 * filters[i]);
        }

        long side = inputSize / 16;
        expected += (512 * side * side * 1024) + 1024 + 1024 + 1;
        Assert.That(ModuleFacts.ParameterCount(discriminator), Is.EqualTo(expected));
    }

    [Test]
    public void ReturnsOneLogitPerPatch()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 32 });

        var logits = discriminator.call(randn(2, 3, 32, 32));

        Assert.That(logits.shape, Is.EqualTo(new long[] { 2, 1 }));
        Assert.That(discriminator.Options.InputSize, Is.EqualTo(32));
        Assert.That(new SrganDiscriminatorOptions().InputSize, Is.EqualTo(96));
    }

    [Test]
    public void RejectsOtherPatchSizes()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 32 });

        var error = Assert.Throws<ArgumentException>(() => discriminator.call(randn(1, 3, 48, 48)));
        Assert.That(error!.Message, Does.Contain("48").And.Contain("32"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 40 }));
    }
}
