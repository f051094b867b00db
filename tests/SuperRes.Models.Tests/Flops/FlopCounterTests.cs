using NUnit.Framework;
using SuperRes.Models.Architectures;

namespace SuperRes.Models.Tests.Flops;

/// <summary>Counts written out from the papers' layer tables: 2 x multiply-adds of each convolution.</summary>
public class FlopCounterTests
{
    [TestCase(2)]
    [TestCase(3)]
    public void EspcnRunsAllThreeConvolutionsOnTheLowResolutionGrid(int r)
    {
        using var espcn = new Espcn(r);
        const int width = 7, height = 5;

        long perPixel = (25 * 1 * 64) + (9 * 64 * 32) + (9 * 32 * r * r);
        Assert.That(FlopCounter.Count(espcn, width, height), Is.EqualTo(2 * perPixel * width * height));
    }

    [TestCase(2)]
    [TestCase(4)]
    public void FsrcnnCountsItsDeconvolutionPerInputPixel(int scale)
    {
        using var fsrcnn = new Fsrcnn(scale);
        const int width = 6, height = 4;

        // FSRCNN(56, 12, 4): 5x5 1->56, 1x1 56->12, four 3x3 12->12, 1x1 12->56, then the 9x9 56->1 deconvolution,
        // whose scatter touches 81 x 56 weights per LR pixel whatever the scale.
        long perPixel = (25 * 56) + (56 * 12) + (4 * 9 * 12 * 12) + (12 * 56) + (81 * 56);
        Assert.That(FlopCounter.Count(fsrcnn, width, height), Is.EqualTo(2 * perPixel * width * height));
    }

    [Test]
    public void SrcnnCountsTheEnlargedInputItIsGiven()
    {
        using var srcnn = new Srcnn(3);

        // 9-5-5 with 64 and 32 filters, on whatever size it is handed.
        long perPixel = (81 * 64) + (25 * 64 * 32) + (25 * 32);
        Assert.That(FlopCounter.Count(srcnn, 12, 9), Is.EqualTo(2 * perPixel * 12 * 9));
    }

    [Test]
    public void EdsrCountsConvolutionsAfterTheUpsamplerOnTheLargerGrid()
    {
        using var edsr = new Edsr(2, new EdsrOptions { ResidualBlocks = 2, Features = 8 });
        const int width = 5, height = 3;

        // conv_first 3->8, 2 blocks of two 8->8, conv_after_body 8->8 on the LR grid; the upsampler's 8->32 on
        // the LR grid; conv_last 8->3 on the 2x grid (4 times the pixels).
        long lowResolution = 9 * ((3 * 8) + (4 * 8 * 8) + (8 * 8) + (8 * 32));
        long highResolution = 9 * 8 * 3 * 4;
        Assert.That(FlopCounter.Count(edsr, width, height), Is.EqualTo(2 * (lowResolution + highResolution) * width * height));
    }

    [Test]
    public void CountingLeavesNoHookBehind()
    {
        using var espcn = new Espcn(2);

        var first = FlopCounter.Count(espcn, 4, 4);

        Assert.That(FlopCounter.Count(espcn, 4, 4), Is.EqualTo(first), "a hook left from the first count would double the second");
    }
}
