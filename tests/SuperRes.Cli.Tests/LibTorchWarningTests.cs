using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Cli.Tests;

/// <summary>
/// LibTorch's C++ warnings in a fresh process that upscales single-threaded in small tiles, the case where LibTorch
/// passes over oneDNN and considers NNPACK for a convolution: where NNPACK's CPU probe fails (as in the Zen 5 VM these tests were written on), LibTorch warns at every such
/// convolution unless SuperRes quiets it. That a level the user set is kept is LibTorchLoggingTests' part.
/// </summary>
public class LibTorchWarningTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-logging").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ASingleThreadedUpscalePrintsNoNnpackWarning()
    {
        var input = Path.Combine(_folder, "small.png");
        using (var image = new Image<Rgb24>(64, 64, new Rgb24(90, 120, 200)))
        {
            image.SaveAsPng(input);
        }

        var (exitCode, _, error) = CliProcess.Run("upscale", input, "--model", "espcn", "--scale", "2", "--threads", "1", "--tile", "24", "-o", Path.Combine(_folder, "out.png"));
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Does.Not.Contain("Could not initialize NNPACK"));
    }
}
