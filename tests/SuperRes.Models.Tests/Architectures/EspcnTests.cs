using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class EspcnTests
{
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void ParameterCountFollowsThePapersLayerTable(int r)
    {
        using var espcn = new Espcn(r);

        // (f1, n1) = (5, 64), (f2, n2) = (3, 32), f3 = 3 to r^2 channels.
        long expected = (1 * 64 * 25) + 64 + (64 * 32 * 9) + 32 + (32 * r * r * 9) + (r * r);
        Assert.That(ModuleFacts.ParameterCount(espcn), Is.EqualTo(expected));
    }

    [Test]
    public void EachSubPixelTakesItsOwnChannelOfTheLastLayer()
    {
        using var scope = NewDisposeScope();
        using var espcn = new Espcn(3);
        ModuleFacts.ZeroWeights(espcn, name => name.StartsWith("sub_pixel.0.", StringComparison.Ordinal));
        using (no_grad())
        {
            espcn.get_parameter("sub_pixel.0.bias")!.copy_(arange(9, dtype: ScalarType.Float32));
        }

        var output = espcn.call(randn(1, 1, 2, 2));

        // With the last kernel zero, channel k = i * 3 + j is its bias k, placed at sub-pixel (i, j) of every 3x3 block.
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                Assert.That(output[0, 0, y, x].item<float>(), Is.EqualTo(((y % 3) * 3) + (x % 3)));
            }
        }
    }
}
