using NUnit.Framework;
using SuperRes.Models.Architectures;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

public class FsrcnnTests
{
    [TestCase(56, 12, 4)]
    [TestCase(32, 5, 1)]
    public void ParameterCountFollowsThePapersLayerTable(int d, int s, int m)
    {
        using var fsrcnn = new Fsrcnn(3, new FsrcnnOptions { Features = d, ShrunkFeatures = s, MappingLayers = m });

        // Conv(5, d, 1), Conv(1, s, d), m x Conv(3, s, s), Conv(1, d, s), DeConv(9, 1, d); biases; one PReLU slope per channel.
        long expected = (1 * d * 25) + d + d
            + (d * s) + s + s
            + (m * ((s * s * 9) + s + s))
            + (s * d) + d + d
            + (d * 1 * 81) + 1;
        Assert.That(ModuleFacts.ParameterCount(fsrcnn), Is.EqualTo(expected));
    }

    [Test]
    public void SmallPresetIsFsrcnnS()
    {
        Assert.That(FsrcnnOptions.Small, Is.EqualTo(new FsrcnnOptions { Features = 32, ShrunkFeatures = 5, MappingLayers = 1 }));
    }

    [Test]
    public void StateDictKeysAreLornatangs()
    {
        using var fsrcnn = new Fsrcnn(2, FsrcnnOptions.Small);

        Assert.That(ModuleFacts.StateKeys(fsrcnn), Is.EquivalentTo(new[]
        {
            "feature_extraction.0.weight", "feature_extraction.0.bias", "feature_extraction.1.weight",
            "shrink.0.weight", "shrink.0.bias", "shrink.1.weight",
            "map.0.weight", "map.0.bias", "map.1.weight",
            "expand.0.weight", "expand.0.bias", "expand.1.weight",
            "deconv.weight", "deconv.bias",
        }));
    }

    [TestCase(2, 2 + 4 + 2)]
    [TestCase(3, 2 + 4 + 2)]
    [TestCase(4, 2 + 4 + 1)]
    public void ReceptiveRadiusCountsTheDeconvolutionInLowResolutionPixels(int scale, int radius)
    {
        using var fsrcnn = new Fsrcnn(scale);

        // 5x5: 2; four 3x3: 4; 9x9 deconvolution: ceil(4 / scale).
        Assert.That(fsrcnn.ReceptiveRadius, Is.EqualTo(radius));
    }
}
