using System.Globalization;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using TorchSharp;

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

    // Each is said before any image is scored: no table, empty or whole, is printed. {folder} is the test's folder.
    [TestCase("--models|bicubic|--scale|2|--csv|{folder}/missing/table.csv", "The folder of --csv, '{folder}/missing', does not exist.")]
    [TestCase("--models|bicubic|--scale|2|--csv|{folder}", "--csv '{folder}' is a folder; name the CSV file to write.")]
    [TestCase("--models|bicubic|--scale|,", "',' names no scale factor")]
    [TestCase("--models|,,|--scale|2", "--models ',,' names no model")]
    public void ArgumentsThatCannotWorkAreRefusedBeforeAnyScoring(string arguments, string message)
    {
        var data = WriteDataset("Flat", 1);

        var (exitCode, output, error) = CliProcess.Run(["eval", "--data", data, .. arguments.Replace("{folder}", _folder).Split('|')]);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain(message.Replace("{folder}", _folder)));
        Assert.That(output, Does.Not.Contain("| Dataset |"));
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

    [Test]
    public void RecordWritesEachDatasetsPsnrIntoTheWeightsFileAndKeepsItsOtherEntriesAndTensors()
    {
        var data = Path.GetDirectoryName(WriteDataset(Path.Combine("Sets", "Set5"), 2, textured: true))!;
        WriteDataset(Path.Combine("Sets", "Set14"), 1, textured: true);
        var weights = WriteEspcnWeights(new Dictionary<string, double> { ["heldout"] = 29.25, ["Set5"] = 1 });
        var tensorsBefore = TensorBytes(weights);
        var csv = Path.Combine(_folder, "table.csv");

        var (exitCode, output, error) = CliProcess.Run("eval", "--model", "espcn", "--weights", weights, "--data", data, "--scale", "2", "--csv", csv, "--record");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("Recorded the PSNR on Set14, Set5 in"));
        var measured = File.ReadAllLines(csv)[1..].Select(line => line.Split(',')).ToDictionary(row => row[1], row => double.Parse(row[4], CultureInfo.InvariantCulture));
        using var file = File.OpenRead(weights);
        var metadata = ModelWeights.ReadMetadata(file);
        Assert.That(metadata.Psnr.Keys, Is.EquivalentTo(new[] { "heldout", "Set5", "Set14" }));
        Assert.That(metadata.Psnr["heldout"], Is.EqualTo(29.25), "entries for sets not scored are kept");
        Assert.That(metadata.Psnr["Set5"], Is.EqualTo(measured["Set5"]).And.Not.EqualTo(1), "the old Set5 entry is replaced by the measured one");
        Assert.That(metadata.Psnr["Set14"], Is.EqualTo(measured["Set14"]));
        Assert.That(metadata.TrainingRecipe, Is.EqualTo("test recipe"));
        Assert.That(TensorBytes(weights), Is.EqualTo(tensorsBefore));
    }

    [Test]
    public void RecordWritesAMultiScaleFilesScoresAtEachScaleUnderItsOwnKey()
    {
        var data = WriteDataset("Set5", 1, textured: true);
        var weights = WriteWeights("vdsr", () => new Vdsr(2), new Dictionary<string, double> { ["Set5@x3"] = 1 }, 2, 3, 4);
        var csv = Path.Combine(_folder, "table.csv");

        var (exitCode, output, error) = CliProcess.Run("eval", "--model", "vdsr", "--weights", weights, "--data", data, "--scale", "2,3", "--csv", csv, "--record");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("Recorded the PSNR on Set5, Set5@x3 in"));
        var measured = File.ReadAllLines(csv)[1..].Select(line => line.Split(',')).ToDictionary(row => int.Parse(row[2], CultureInfo.InvariantCulture), row => double.Parse(row[4], CultureInfo.InvariantCulture));
        using var file = File.OpenRead(weights);
        var metadata = ModelWeights.ReadMetadata(file);
        Assert.That(metadata.Psnr.Keys, Is.EquivalentTo(new[] { "Set5", "Set5@x3" }), "x4 was not scored");
        Assert.That(metadata.PsnrAt("Set5", 2), Is.EqualTo(measured[2]));
        Assert.That(metadata.PsnrAt("Set5", 3), Is.EqualTo(measured[3]).And.Not.EqualTo(1), "the old x3 entry is replaced by the measured one");
        Assert.That(measured[2], Is.Not.EqualTo(measured[3]));
    }

    [TestCase(false, "2", true, "--weights")]
    [TestCase(true, "2", true, "--self-ensemble")]
    [TestCase(true, "2,3", false, "--record needs scales that 'espcn_x2.safetensors' serves (--scale 2); it does not serve x3.")]
    [TestCase(true, "3,4", false, "it does not serve x3, x4.")]
    public void RecordIsRefusedBeforeAnyScoringWhereItWouldNotBeTheFilesOwnScores(bool withWeights, string scales, bool selfEnsemble, string message)
    {
        var data = WriteDataset("Set5", 1, textured: true);
        var weights = WriteEspcnWeights(new Dictionary<string, double>());
        string[] arguments = ["eval", "--model", "espcn", "--data", data, "--scale", scales, "--record", .. withWeights ? new[] { "--weights", weights } : [], .. selfEnsemble ? new[] { "--self-ensemble" } : []];

        var (exitCode, output, error) = CliProcess.Run(arguments);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain(message));
        Assert.That(output, Does.Not.Contain("| Dataset |"), "no table: nothing was scored");
    }

    [Test]
    public void RecordIsRefusedBeforeAnyScoringForLowResolutionImagesMadeOtherwise()
    {
        var data = WriteDataset("Set5", 1, textured: true);
        var weights = WriteEspcnWeights(new Dictionary<string, double>());

        var (exitCode, output, error) = CliProcess.Run("eval", "--model", "espcn", "--weights", weights, "--data", data, "--scale", "2", "--record", "--degradation", "bicubic,noise:5");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("--record stores the protocol's scores (bicubic LR); --degradation bicubic,noise:5 scores other LR images."));
        Assert.That(output, Does.Not.Contain("| Dataset |"), "no table: nothing was scored");
    }

    private string WriteEspcnWeights(Dictionary<string, double> psnr) => WriteWeights("espcn", () => new Espcn(2), psnr, 2);

    private string WriteWeights(string architecture, Func<SuperResolutionNetwork> create, Dictionary<string, double> psnr, params int[] scales)
    {
        var path = Path.Combine(_folder, $"{architecture}_x{scales[0]}.safetensors");
        torch.manual_seed(1);
        using var network = create();
        network.SaveWeights(path, WeightsMetadata.For(network, architecture) with { TrainingRecipe = "test recipe", Psnr = psnr, Scales = scales });
        return path;
    }

    private static byte[] TensorBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes[(8 + (int)BitConverter.ToUInt64(bytes, 0))..];
    }

    private string WriteDataset(string name, int count, bool textured = false)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name, "HR")).FullName;
        for (var i = 0; i < count; i++)
        {
            using var image = new Image<Rgb24>(64, 48, new Rgb24(120, 130, 140));
            if (textured)
            {
                image.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < rows.Height; y++)
                    {
                        var row = rows.GetRowSpan(y);
                        for (var x = 0; x < row.Length; x++)
                        {
                            row[x] = new Rgb24((byte)((x * 9) + (i * 50)), (byte)(y * 5), (byte)((x * y) % 251));
                        }
                    }
                });
            }

            image.SaveAsPng(Path.Combine(folder, $"img{i}.png"));
        }

        return Path.GetDirectoryName(folder)!;
    }
}
