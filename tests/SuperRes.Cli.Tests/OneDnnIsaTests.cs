using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Cli.Tests;

/// <summary>
/// Which instruction set oneDNN ran with, as oneDNN itself reports it (<c>ONEDNN_VERBOSE=1</c>) in a fresh process
/// that upscales with a network: SSE4.1 unless the user chose otherwise.
/// </summary>
public class OneDnnIsaTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-onednn").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void ANetworkRunsOneDnnHeldToSse41()
    {
        Assert.That(RunAndReportIsa(new Dictionary<string, string>()), Is.EqualTo("Intel SSE4.1"));
    }

    [Test]
    public void TheUsersOwnLimitIsKept()
    {
        if (!Avx2.IsSupported)
        {
            Assert.Ignore("The user's limit here is AVX2, which this CPU lacks.");
        }

        Assert.That(RunAndReportIsa(new Dictionary<string, string> { ["ONEDNN_MAX_CPU_ISA"] = "AVX2" }), Is.EqualTo("Intel AVX2"));
    }

    private string RunAndReportIsa(Dictionary<string, string> environment)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Assert.Ignore("oneDNN's x64 instruction sets only exist on x64.");
        }

        var input = Path.Combine(_folder, "small.png");
        using (var image = new Image<Rgb24>(64, 64, new Rgb24(90, 120, 200)))
        {
            image.SaveAsPng(input);
        }

        environment["ONEDNN_VERBOSE"] = "1";
        var (exitCode, output, error) = CliProcess.Run(environment, "upscale", input, "--model", "espcn", "--scale", "2", "-o", Path.Combine(_folder, "out.png"));
        Assert.That(exitCode, Is.Zero, error);
        var isaLine = (output + error).Split('\n').FirstOrDefault(line => line.StartsWith("onednn_verbose", StringComparison.Ordinal) && line.Contains(",isa:", StringComparison.Ordinal));
        if (isaLine is null)
        {
            Assert.Fail("oneDNN reported no instruction set: it ran no kernel, or this LibTorch has no oneDNN.");
            return string.Empty;
        }

        return isaLine[(isaLine.IndexOf(",isa:", StringComparison.Ordinal) + 5)..].Trim();
    }
}
