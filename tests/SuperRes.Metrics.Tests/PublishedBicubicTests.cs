using NUnit.Framework;
using SuperRes.Interpolation;
using SuperRes.Testing;

namespace SuperRes.Metrics.Tests;

/// <summary>
/// The proof that the protocol is right: bicubic upscaling scores what the papers report for it
/// (e.g. Kim et al., VDSR, Table 3) within 0.02 dB and 0.002 SSIM.
/// </summary>
public class PublishedBicubicTests
{
    [TestCase("Set5", 2, 33.66, 0.9299)]
    [TestCase("Set5", 3, 30.39, 0.8682)]
    [TestCase("Set5", 4, 28.42, 0.8104)]
    [TestCase("Set14", 2, 30.24, 0.8688)]
    [TestCase("Set14", 3, 27.55, 0.7742)]
    [TestCase("Set14", 4, 26.00, 0.7027)]
    [TestCase("BSD100", 2, 29.56, 0.8431)]
    [TestCase("BSD100", 3, 27.21, 0.7385)]
    [TestCase("BSD100", 4, 25.96, 0.6675)]
    public void BicubicMatchesThePublishedRow(string dataset, int scale, double psnr, double ssim)
    {
        var folder = SharedData.Require($"datasets/{dataset}");

        var result = Evaluation.Run("bicubic", new InterpolationResolver(InterpolationMethod.Bicubic, scale), folder);

        Assert.That(result.Images, Has.Count.EqualTo(dataset switch { "Set5" => 5, "Set14" => 14, _ => 100 }));
        Assert.That(result.Psnr, Is.EqualTo(psnr).Within(0.02), "PSNR (dB)");
        Assert.That(result.Ssim, Is.EqualTo(ssim).Within(0.002), "SSIM");
    }
}
