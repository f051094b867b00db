using System.Text.Json;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Interpolation;
using SuperRes.Metrics;
using SuperRes.Testing;

namespace SuperRes.PeerRace.Tests;

public class OpenCvSuperResolverTests
{
    [TestCase("espcn", 2, "ESPCN_x2.pb")]
    [TestCase("FSRCNN", 3, "FSRCNN_x3.pb")]
    [TestCase("fsrcnn-s", 4, "FSRCNN-small_x4.pb")]
    public void ModelFilesAreNamedAsOpenCvNamesThem(string model, int scale, string file) =>
        Assert.That(OpenCvSuperResolver.ModelFile(model, scale, "peers"), Is.EqualTo(Path.Combine("peers", file)));

    [Test]
    public void AModelOpenCvDoesNotShipIsRefusedByName() =>
        Assert.That(() => OpenCvSuperResolver.ModelFile("edsr", 2, "peers"), Throws.ArgumentException.With.Message.Contains("'edsr'").And.Message.Contains("espcn"));

    [TestCase("espcn")]
    [TestCase("fsrcnn")]
    [TestCase("fsrcnn-s")]
    public void ColourAndGreyImagesComeBackScaleTimesLarger(string model)
    {
        using var peer = Peer(model, 3);
        using var colour = new Image<Rgb24>(11, 7, new Rgb24(200, 120, 40));
        using var grey = new Image<L8>(5, 9, new L8(90));

        using var colourResult = peer.Upscale(colour);
        using var greyResult = peer.Upscale(grey);

        Assert.That((colourResult.Width, colourResult.Height), Is.EqualTo((33, 21)));
        Assert.That((greyResult.Width, greyResult.Height), Is.EqualTo((15, 27)));

        // A flat image stays nearly flat and keeps its colour: channels are not swapped on the way through BGR.
        var centre = colourResult[16, 10];
        Assert.That(new[] { centre.R, centre.G, centre.B }, Is.EqualTo(new[] { 200, 120, 40 }).Within(12));
    }

    [Test]
    public void OpenCvsEspcnBeatsBicubicOnSet5UnderOurProtocol()
    {
        var set5 = SharedData.Require("datasets/Set5");
        using var peer = Peer("espcn", 3);

        var peerPsnr = Evaluation.Run("espcn", peer, set5).Psnr;
        var bicubic = Evaluation.Run("bicubic", new InterpolationResolver(InterpolationMethod.Bicubic, 3), set5).Psnr;

        // Its published TF weights gain little on MATLAB-made LR images (measured +0.14 dB), but a swapped
        // channel or a shifted grid would cost several dB.
        Assert.That(peerPsnr, Is.GreaterThan(bicubic));
    }

    [Test]
    public void JsonRowsCarryTheFieldsTheCliPromises()
    {
        var row = new RaceResult("espcn", 3, "Set5", 5, 2, OursMs: 10, PeerMs: 25, Ratio: 2.5, OursPsnr: null, PeerPsnr: 30.5);

        using var json = JsonDocument.Parse(RaceReport.ToJson([row]));
        var names = json.RootElement[0].EnumerateObject().Select(p => p.Name);

        Assert.That(names, Is.SupersetOf(new[] { "model", "scale", "images", "ours_ms", "peer_ms", "ratio", "ours_psnr", "peer_psnr" }));
        Assert.That(json.RootElement[0].GetProperty("ours_psnr").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(RaceReport.ToMarkdown([row]), Does.Contain("| espcn | x3 | Set5 | 5 | 2 | 10.0 | 25.0 | 2.50 | untrained | 30.50 |"));
    }

    private static OpenCvSuperResolver Peer(string model, int scale)
    {
        if (!OpenCvSuperResolver.TryLoadNative(out var error))
        {
            Assert.Ignore(error!);
        }

        var folder = SharedData.Require("peers/opencv_dnn_superres");
        var file = OpenCvSuperResolver.ModelFile(model, scale, folder);
        if (!File.Exists(file))
        {
            Assert.Ignore($"OpenCV's model '{file}' is absent; this test needs it.");
        }

        return new OpenCvSuperResolver(model, scale, folder);
    }
}
