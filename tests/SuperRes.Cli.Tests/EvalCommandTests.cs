using System.Globalization;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Cli.Tests;

/// <summary><c>eval</c> as a user runs it: the table on stdout, the CSV file, the models it picks.</summary>
public class EvalCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-cli-eval").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void SeveralModelsGiveOneColumnEachAndOneCsvRowPerModelAndScale()
    {
        var data = WriteDataset("Flat", 2);
        var csv = Path.Combine(_folder, "table.csv");

        var (exitCode, output, error) = CliProcess.Run("eval", "--models", "nearest,bicubic", "--data", data, "--scale", "2,3", "--csv", csv);

        Assert.That(exitCode, Is.EqualTo(0), error);
        var header = output.Split('\n')[0];
        Assert.That(header, Is.EqualTo("| Dataset | Scale | nearest | bicubic |"));
        var rows = File.ReadAllLines(csv);
        Assert.That(rows[0], Does.StartWith("model,dataset,scale,images,psnr,ssim"));
        Assert.That(rows[1..].Select(r => string.Join(',', r.Split(',')[..4])), Is.EquivalentTo(new[] { "nearest,Flat,2,2", "bicubic,Flat,2,2", "nearest,Flat,3,2", "bicubic,Flat,3,2" }));

        // A flat grey image is reproduced exactly by every interpolation, so PSNR is infinite and SSIM 1.
        Assert.That(rows[1..].Select(r => r.Split(',')[5]).Select(s => double.Parse(s, CultureInfo.InvariantCulture)), Is.All.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void AllScoresTheClassicMethodsAndNamesTheNetworksLeftOut()
    {
        var data = WriteDataset("Flat", 1);

        var (exitCode, output, error) = CliProcess.Run("eval", "--models", "all", "--data", data, "--scale", "8");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output.Split('\n')[0], Does.StartWith("| Dataset | Scale | nearest | bilinear | bicubic |"));
        Assert.That(error, Does.Contain("x8: no pretrained weights for").And.Contain("edsr-baseline"));
    }

    [Test]
    public void ASelfEnsembleIsScoredUnderItsOwnNameWithoutThePapersSinglePassFigures()
    {
        var data = WriteDataset("Set5", 1);
        var csv = Path.Combine(_folder, "table.csv");

        var (exitCode, output, error) = CliProcess.Run("eval", "--models", "espcn", "--self-ensemble", "--data", data, "--scale", "3", "--csv", csv);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output.Split('\n')[0], Is.EqualTo("| Dataset | Scale | espcn+ |"));
        var row = File.ReadAllLines(csv)[1].Split(',');
        Assert.That((row[0], row[1], row[6]), Is.EqualTo(("espcn+", "Set5", string.Empty)), "no paper figure beside it, where ESPCN's x3 Set5 figure stands beside a single pass");
    }

    [Test]
    public void ACsvInAMissingFolderIsRefusedBeforeAnyScoring()
    {
        var data = WriteDataset("Flat", 1);
        var csv = Path.Combine(_folder, "missing", "table.csv");

        var (exitCode, output, error) = CliProcess.Run("eval", "--models", "bicubic", "--data", data, "--scale", "2", "--csv", csv);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("The folder of --csv").And.Contain("missing"));
        Assert.That(output, Does.Not.Contain("| Dataset |"), "no table: nothing was scored");
    }

    [Test]
    public void WeightsWithSeveralModelsAreRefused()
    {
        var data = WriteDataset("Flat", 1);
        var weights = Path.Combine(_folder, "w.safetensors");
        File.WriteAllText(weights, "x");

        var (exitCode, _, error) = CliProcess.Run("eval", "--models", "espcn,fsrcnn", "--weights", weights, "--data", data, "--scale", "2");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("--weights").And.Contain("--models"));
    }

    private string WriteDataset(string name, int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name, "HR")).FullName;
        for (var i = 0; i < count; i++)
        {
            using var image = new Image<Rgb24>(64, 48, new Rgb24(120, 130, 140));
            image.SaveAsPng(Path.Combine(folder, $"img{i}.png"));
        }

        return Path.GetDirectoryName(folder)!;
    }
}
