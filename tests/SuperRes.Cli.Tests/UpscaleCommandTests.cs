using System.Diagnostics;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Cli.Tests;

/// <summary>The CLI as a user runs it: a separate process, its files and its exit code.</summary>
public class UpscaleCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-cli").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void InterruptingAFolderRunKeepsFinishedFilesAndLeavesNoPartialFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Sends SIGTERM with kill(1).");
        }

        var input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        for (var i = 0; i < 12; i++)
        {
            using var image = new Image<Rgb24>(160, 160, new Rgb24((byte)(20 * i), 90, 200));
            image.SaveAsPng(Path.Combine(input, $"img{i:D2}.png"));
        }

        var output = Path.Combine(_folder, "out");
        using var process = CliProcess.Start("upscale", input, "--model", "edsr-baseline", "--untrained", "--scale", "2", "--threads", "1", "-o", output);
        var stopwatch = Stopwatch.StartNew();
        while (!(Directory.Exists(output) && Directory.GetFiles(output, "*.png").Length > 0) && !process.HasExited && stopwatch.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(50);
        }

        if (process.HasExited)
        {
            Assert.Fail("the run ended before it could be interrupted: " + process.StandardError.ReadToEnd());
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "the CLI stops after an interrupt");
        var written = Directory.GetFiles(output);
        Assert.That(process.ExitCode, Is.EqualTo(130), $"cancelled; {written.Length} files; stderr: {process.StandardError.ReadToEnd()}");
        Assert.That(written, Has.Length.InRange(1, 11), "some but not all images were finished");
        Assert.That(written, Has.All.EndsWith(".png"), "no temporary file is left");
        foreach (var file in written)
        {
            using var image = Image.Load<Rgb24>(file);
            Assert.That(image.Size(), Is.EqualTo(new Size(320, 320)), file);
        }
    }

    // The shipped SRCNN x4 was trained without padding, so by default it sees a constant image mirrored beyond its
    // borders and returns it constant; made to see zeros there, its edges darken.
    [TestCase(null, true)]
    [TestCase("mirror", true)]
    [TestCase("zero", false)]
    public void TheBorderPaddingComesFromTheWeightsUnlessBorderSaysOtherwise(string? border, bool constant)
    {
        var input = Path.Combine(_folder, "grey.png");
        using (var image = new Image<Rgb24>(12, 10, new Rgb24(120, 120, 120)))
        {
            image.SaveAsPng(input);
        }

        var output = Path.Combine(_folder, "out.png");
        string[] arguments = ["upscale", input, "--model", "srcnn", "--scale", "4", "-o", output, .. border is null ? Array.Empty<string>() : ["--border", border]];
        var (exitCode, _, error) = CliProcess.Run(arguments);

        Assert.That(exitCode, Is.EqualTo(0), error);
        using var result = Image.Load<Rgb24>(output);
        var values = Enumerable.Range(0, result.Height).SelectMany(y => Enumerable.Range(0, result.Width).Select(x => result[x, y].R)).ToArray();
        Assert.That(values.Max() - values.Min() <= 1, Is.EqualTo(constant), $"values {values.Min()} to {values.Max()}");
    }

    [TestCase("folder")]
    [TestCase("file")]
    public void AnOutputEndingInASeparatorIsAFolderCreatedForASingleImage(string inputKind)
    {
        var images = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var card = WriteCard(images);

        var output = Path.Combine(_folder, "out") + Path.DirectorySeparatorChar;
        var (exitCode, _, error) = CliProcess.Run("upscale", inputKind == "folder" ? images : card, "--model", "bicubic", "-o", output);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(Image.Identify(Path.Combine(output, "card.png")).Width, Is.EqualTo(8));
    }

    // Names in any case run; numbers and flag sums, which enum parsing alone would take, are refused before any work.
    [TestCase("CPU", true)]
    [TestCase("auto", true)]
    [TestCase("7", false)]
    [TestCase("cpu,cuda", false)]
    public void OnlyADeviceNameIsTaken(string device, bool taken)
    {
        var card = WriteCard(_folder);
        var output = Path.Combine(_folder, "out.png");

        var (exitCode, _, error) = CliProcess.Run("upscale", card, "--model", "fsrcnn", "--device", device, "-o", output);

        Assert.That((exitCode == 0, File.Exists(output)), Is.EqualTo((taken, taken)), error);
        Assert.That(error.Contains($"--device '{device}' is not a device; use auto, cpu or cuda.", StringComparison.Ordinal), Is.EqualTo(!taken));
    }

    [Test]
    public void AnExistingOutputIsKeptWithoutForceAndTheErrorIsOneLine()
    {
        var input = WriteCard(_folder);
        var output = Path.Combine(_folder, "out.png");
        File.WriteAllText(output, "keep");
        using var process = CliProcess.Start("upscale", input, "-o", output);
        process.WaitForExit();
        var error = process.StandardError.ReadToEnd();

        Assert.That(process.ExitCode, Is.EqualTo(6));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.Contain("already exists; pass --force"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("keep"));
    }

    // A 4x4 black PNG named card.png in the folder.
    private static string WriteCard(string folder)
    {
        var card = Path.Combine(folder, "card.png");
        using var image = new Image<Rgb24>(4, 4);
        image.SaveAsPng(card);
        return card;
    }
}
