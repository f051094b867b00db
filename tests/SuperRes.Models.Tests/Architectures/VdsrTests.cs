using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class VdsrTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void ParameterCountFollowsThePapersLayerTable(bool bias)
    {
        using var vdsr = new Vdsr(3, new VdsrOptions { Bias = bias });

        // 20 3x3 layers: 1->64, 18 x 64->64, 64->1.
        long expected = (1 * 64 * 9) + (18 * 64 * 64 * 9) + (64 * 1 * 9) + (bias ? 64 + (18 * 64) + 1 : 0);
        Assert.That(ModuleFacts.ParameterCount(vdsr), Is.EqualTo(expected));
    }

    [Test]
    public void StateDictKeysArePytorchVdsrs()
    {
        using var vdsr = new Vdsr(2, new VdsrOptions { Bias = false });

        var expected = new[] { "input.weight", "output.weight" }
            .Concat(Enumerable.Range(0, 18).Select(i => $"residual_layer.{i}.conv.weight"));
        Assert.That(ModuleFacts.StateKeys(vdsr), Is.EquivalentTo(expected));
    }

    [Test]
    public void WithAZeroResidualBranchItIsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var vdsr = new Vdsr(2);
        ModuleFacts.ZeroWeights(vdsr, name => name.StartsWith("output.", StringComparison.Ordinal));
        var input = rand(1, 1, 9, 10);

        var output = vdsr.call(input);

        Assert.That(output.equal(input).all().item<bool>(), Is.True);
        Assert.That(vdsr.ReceptiveRadius, Is.EqualTo(20));
    }
}
