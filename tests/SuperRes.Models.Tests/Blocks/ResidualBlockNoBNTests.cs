using NUnit.Framework;
using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Blocks;

public class ResidualBlockNoBNTests
{
    [TestCase(1.0)]
    [TestCase(0.1)]
    public void WithIdentityKernelsComputesInputPlusScaledRelu(double residualScale)
    {
        using var scope = NewDisposeScope();
        using var block = new ResidualBlockNoBN(3, residualScale);
        using (no_grad())
        {
            foreach (var conv in block.children().OfType<Conv2d>())
            {
                conv.weight!.zero_();
                for (var c = 0; c < 3; c++)
                {
                    conv.weight[c, c, 1, 1] = tensor(1f);
                }

                conv.bias!.zero_();
            }
        }

        var input = randn(2, 3, 4, 5);
        var output = block.call(input);

        var expected = input + (input.clamp_min(0) * residualScale);
        Assert.That(output.allclose(expected, rtol: 0, atol: 1e-6), Is.True);
    }

    [Test]
    public void StateDictKeysAreBasicSrs()
    {
        using var block = new ResidualBlockNoBN(8);

        Assert.That(block.state_dict().Keys, Is.EquivalentTo(new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias" }));
    }
}
