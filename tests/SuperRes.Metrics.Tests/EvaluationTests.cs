using System.Buffers.Binary;
using System.Text.Json;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Metrics.Tests;

public class EvaluationTests
{
    private string _root = null!;

    [SetUp]
    public void CreateDatasets()
    {
        _root = Directory.CreateTempSubdirectory("superres-eval").FullName;
        foreach (var set in new[] { "SetA", "SetB" })
        {
            var hr = Directory.CreateDirectory(Path.Combine(_root, set, "HR")).FullName;
            for (var i = 0; i < 2; i++)
            {
                // Constant images: every resolver reproduces them, so PSNR is +infinity and SSIM 1.
                using var image = new Image<Rgb24>(37, 29, new Rgb24((byte)(40 * i), 120, 200));
                image.SaveAsPng(Path.Combine(hr, $"img{i}.png"));
            }
        }
    }

    [TearDown]
    public void DeleteDatasets() => Directory.Delete(_root, recursive: true);

    [TestCase("grey.png", 1)]
    [TestCase("grey-alpha.png", 1)]
    [TestCase("grey.jpg", 1)]
    [TestCase("grey.tga", 1)]
    [TestCase("grey-as-rgb.bmp", 3)]
    [TestCase("colour.png", 3)]
    public void AnImageStoredWithOneChannelLoadsAsOnePlaneWhateverItsFormat(string name, int expectedPlanes)
    {
        // One channel is what MATLAB's imread returns as a 2-D array: scored on its values, not on 16 + 219 v.
        var path = Path.Combine(_root, name);
        using (var image = new Image<Rgb24>(16, 8))
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        var v = (byte)(16 * x);
                        row[x] = name.StartsWith("grey", StringComparison.Ordinal) ? new Rgb24(v, v, v) : new Rgb24(v, 100, 50);
                    }
                }
            });
            using var grey = image.CloneAs<L8>();
            switch (Path.GetExtension(name))
            {
                case ".png" when name == "grey-alpha.png": grey.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha }); break;
                case ".png" when name.StartsWith("grey", StringComparison.Ordinal): grey.SaveAsPng(path); break;
                case ".jpg": grey.SaveAsJpeg(path, new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 100 }); break;
                case ".tga": grey.SaveAsTga(path, new TgaEncoder { BitsPerPixel = TgaBitsPerPixel.Pixel8 }); break;
                default: image.Save(path); break;
            }
        }

        var planes = Evaluation.LoadPlanes(path);

        Assert.That(planes.ColorPlanes, Is.EqualTo(expectedPlanes));
        Assert.That(planes.Levels, Is.EqualTo(255));
    }

    [Test]
    public void AnInterlacedPngIsRefusedNamingTheFileInsteadOfHangingImageSharp()
    {
        // ImageSharp 2.1 writes this valid file, then never returns from decoding it.
        var path = Path.Combine(_root, "interlaced.png");
        using (var image = new Image<Rgb24>(4, 4))
        {
            image.SaveAsPng(path, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });
        }

        Assert.That(() => Evaluation.LoadPlanes(path), Throws.TypeOf<NotSupportedException>().With.Message.StartsWith($"'{path}'").And.Message.Contains("interlaced"));
    }

    [Test]
    public void AChunkRunningPastTheEndIsRefusedNamingTheFile()
    {
        var path = Path.Combine(_root, "SetA", "HR", "img1.png");
        var png = File.ReadAllBytes(path);
        // IEND's length field, 12 bytes from the end; ImageSharp 2.1 alone searches onwards for a chunk forever.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(png.Length - 12), 1000);
        File.WriteAllBytes(path, png);

        Assert.That(
            () => Evaluation.Run("bicubic", new InterpolationResolver(InterpolationMethod.Bicubic, 2), Path.Combine(_root, "SetA")),
            Throws.TypeOf<InvalidImageContentException>().With.Message.StartsWith($"'{path}'").And.Message.Contains("'IEND'"));
    }

    [Test]
    public void AFolderOfDatasetsListsEachDatasetAndADatasetListsItself()
    {
        Assert.That(Evaluation.FindDatasets(_root).Select(Path.GetFileName), Is.EqualTo(new[] { "SetA", "SetB" }));
        Assert.That(Evaluation.FindDatasets(Path.Combine(_root, "SetB")).Select(Path.GetFileName), Is.EqualTo(new[] { "SetB" }));
    }

    [Test]
    public void ConstantImagesScorePerfectlyAndTheReportsCarryEveryField()
    {
        var results = Evaluation.FindDatasets(_root)
            .Select(set => Evaluation.Run("bicubic", new InterpolationResolver(InterpolationMethod.Bicubic, 3), set))
            .ToList();

        Assert.That(results.Select(r => r.Images.Count), Is.All.EqualTo(2));
        Assert.That(results.Select(r => r.Ssim), Is.All.EqualTo(1).Within(1e-12));
        var markdown = EvaluationReport.ToMarkdown(results);
        Assert.That(markdown, Does.Contain("| Dataset | Scale | bicubic |").And.Contain("| SetB | x3 | ∞ / 1.0000 |").Or.Contain("| SetB | x3 | Infinity / 1.0000 |"));
        using var json = JsonDocument.Parse(EvaluationReport.ToJson(results));
        var row = json.RootElement[0];
        Assert.That(row.GetProperty("model").GetString(), Is.EqualTo("bicubic"));
        Assert.That(row.GetProperty("dataset").GetString(), Is.EqualTo("SetA"));
        Assert.That(row.GetProperty("scale").GetInt32(), Is.EqualTo(3));
        Assert.That(row.GetProperty("images").GetInt32(), Is.EqualTo(2));
        Assert.That(row.GetProperty("psnr").GetString(), Is.EqualTo("Infinity"));
        Assert.That(row.GetProperty("ssim").GetDouble(), Is.EqualTo(1).Within(1e-12));
    }

    [Test]
    public void AnotherDegradationMakesTheLowResolutionImagesInsteadOfMatlabsBicubic()
    {
        // 2x2 blocks of one colour: decimation keeps one pixel of each, which nearest-neighbour upscaling repeats
        // back into the exact (cropped) image; MATLAB's bicubic mixes neighbouring blocks, which it cannot undo.
        var set = Directory.CreateDirectory(Path.Combine(_root, "Blocks", "HR")).FullName;
        using (var image = new Image<Rgb24>(37, 29))
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgb24((byte)((x / 2 * 37) + (y / 2 * 11)), (byte)(y / 2 * 19), (byte)(x / 2 * 23));
                    }
                }
            });
            image.SaveAsPng(Path.Combine(set, "blocks.png"));
        }

        var nearest = new InterpolationResolver(InterpolationMethod.Nearest, 2);
        var sizes = new List<(int, int)>();
        PlanarImage Decimate(PlanarImage hr)
        {
            sizes.Add((hr.Width, hr.Height));
            var lr = new PlanarImage(hr.Width / 2, hr.Height / 2, hr.ColorPlanes, levels: hr.Levels);
            for (var p = 0; p < hr.ColorPlanes; p++)
            {
                for (var y = 0; y < lr.Height; y++)
                {
                    for (var x = 0; x < lr.Width; x++)
                    {
                        lr.GetPlane(p)[(y * lr.Width) + x] = hr.GetPlane(p)[(2 * y * hr.Width) + (2 * x)];
                    }
                }
            }

            return lr;
        }

        var decimated = Evaluation.Run("nearest", nearest, set, Decimate);
        var protocol = Evaluation.Run("nearest", nearest, set);

        Assert.That(sizes, Is.EqualTo(new[] { (36, 28) }), "the HR image cropped to a multiple of 2");
        Assert.That(decimated.Psnr, Is.EqualTo(double.PositiveInfinity));
        Assert.That(decimated.Ssim, Is.EqualTo(1).Within(1e-12));
        Assert.That(protocol.Psnr, Is.LessThan(40));
    }

    [Test]
    public void AnImageTooSmallForTheScaleIsNamedInTheError()
    {
        var small = Path.Combine(_root, "SetA", "HR", "tiny.png");
        using (var image = new Image<Rgb24>(5, 5))
        {
            image.SaveAsPng(small);
        }

        var bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 4);

        Assert.That(() => Evaluation.Run("bicubic", bicubic, Path.Combine(_root, "SetA")), Throws.ArgumentException.With.Message.StartsWith($"'{small}' cannot be scored at x4: "));
    }

    [Test]
    public void AMissingFolderIsNamedInTheError()
    {
        Assert.That(() => Evaluation.FindDatasets(Path.Combine(_root, "nope")), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("nope"));
    }
}
