using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class SrResNetTests
{
    [TestCase(2, 1)]
    [TestCase(4, 2)]
    [TestCase(8, 3)]
    public void ParameterCountFollowsThePapersLayerTable(int scale, int stages)
    {
        using var srresnet = new SrResNet(scale);

        // k9n64s1 + PReLU; 16 x (k3n64s1, BN, PReLU, k3n64s1, BN) without conv biases; k3n64s1 + BN;
        // per x2 stage k3n256s1 + shuffle + PReLU; k9n3s1. BN has a scale and a shift per channel.
        const long residualBlock = (2 * 64 * 64 * 9) + (2 * 2 * 64) + 1;
        long expected = (3 * 64 * 81) + 64 + 1
            + (16 * residualBlock)
            + (64 * 64 * 9) + (2 * 64)
            + (stages * ((64 * 256 * 9) + 256 + 1))
            + (64 * 3 * 81) + 3;
        Assert.That(ModuleFacts.ParameterCount(srresnet), Is.EqualTo(expected));
    }

    [Test]
    public void IsAnRgbNetworkOnLowResolutionInput()
    {
        using var scope = NewDisposeScope();
        using var srresnet = new SrResNet(4, new SrResNetOptions { ResidualBlocks = 2 });
        srresnet.eval();

        Assert.That(srresnet.call(rand(1, 3, 6, 7)).shape, Is.EqualTo(new long[] { 1, 3, 24, 28 }));
        Assert.That(srresnet.ColorMode, Is.EqualTo(ColorMode.Rgb));
        Assert.That(srresnet.PreUpsampled, Is.False);
    }
}
