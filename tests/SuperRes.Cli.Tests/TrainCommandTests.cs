using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Models.Weights;

namespace SuperRes.Cli.Tests;

/// <summary><c>train</c> as a user runs it: a short run writes a loadable model that records its recipe; bad options are named.</summary>
public class TrainCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-cli-train").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AShortRunWithImageScalesAndAnAutomaticLossBorderWritesAModelThatRecordsThemAndNamesItsDevice()
    {
        // ESPCN reads 4 LR pixels on each side: the automatic border is 8 output pixels at x2, of 24-pixel targets.
        var model = Path.Combine(_folder, "espcn_x2.safetensors");

        var (exitCode, output, error) = CliProcess.Run(
            "train", "--model", "espcn", "--scale", "2", "--train", WriteImages(), "--out", model,
            "--iterations", "3", "--patch", "12", "--loss-border", "auto", "--min-deviation", "0.01", "--batch", "2", "--image-scales", "1,0.8", "--threads", "1", "--device", "cpu");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("6 training images at x2"), "3 images and their 0.8 copies");
        Assert.That(output, Does.Contain("Training on CPU."));
        using var file = File.OpenRead(model);
        var metadata = ModelWeights.ReadMetadata(file);
        Assert.That(metadata.Architecture, Is.EqualTo("espcn"));
        Assert.That(metadata.TrainingRecipe, Does.Contain("images also shrunk by 0.8").And.Contain("patch 12 (loss border 8), patch deviation at least 0.01,").And.Contain("3 iterations"));
        Assert.That(metadata.TrainingRecipe, Does.Contain("data Photos, 6 training images per scale").And.EndWith("saved at iteration 3"));
    }

    [Test]
    public void AWarmStartedRunRecordsTheRecipeOfTheFileItStartedFrom()
    {
        var images = WriteImages();
        var first = Path.Combine(_folder, "first", "espcn_x2.safetensors");
        var second = Path.Combine(_folder, "second", "espcn_x2.safetensors");
        string[] common = ["train", "--model", "espcn", "--scale", "2", "--train", $"{images},{images}", "--iterations", "2", "--patch", "12", "--batch", "2", "--threads", "1", "--device", "cpu"];

        var (firstExit, _, firstError) = CliProcess.Run([.. common, "--seed", "1", "--out", first]);
        var (secondExit, output, secondError) = CliProcess.Run([.. common, "--seed", "2", "--warm-start", first, "--out", second]);

        Assert.That(firstExit, Is.EqualTo(0), firstError);
        Assert.That(secondExit, Is.EqualTo(0), secondError);
        Assert.That(output, Does.Contain("Warm start from espcn_x2.safetensors: copied 6 tensors."));
        var firstRecipe = RecipeOf(first);
        Assert.That(firstRecipe, Does.Contain("seed 1").And.Contain("data Photos, Photos, 6 training images per scale"));
        Assert.That(RecipeOf(second), Does.Contain("seed 2").And.EndWith($"saved at iteration 2. The file it started from: {firstRecipe}"));
    }

    [Test]
    public void SeveralScalesTrainOneVdsrThatEvalLoadsAtEachOfThem()
    {
        var model = Path.Combine(_folder, "vdsr.safetensors");
        var data = WriteImages();

        var (exitCode, output, error) = CliProcess.Run(
            "train", "--model", "vdsr", "--scale", "2,3", "--train", data, "--out", model,
            "--iterations", "2", "--patch", "12", "--batch", "2", "--threads", "1", "--device", "cpu");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("3 training images at each of x2, x3"));
        using (var file = File.OpenRead(model))
        {
            Assert.That(ModelWeights.ReadMetadata(file).Scales, Is.EqualTo(new[] { 2, 3 }));
        }

        foreach (var scale in new[] { "2", "3" })
        {
            var (evalExit, _, evalError) = CliProcess.Run("eval", "--model", "vdsr", "--weights", model, "--data", data, "--scale", scale, "--threads", "1");
            Assert.That(evalExit, Is.EqualTo(0), $"x{scale}: {evalError}");
        }

        var (fourExit, _, fourError) = CliProcess.Run("eval", "--model", "vdsr", "--weights", model, "--data", data, "--scale", "4", "--threads", "1");
        Assert.That(fourExit, Is.Not.EqualTo(0));
        Assert.That(fourError, Does.Contain("vdsr x2, x3, but the network is vdsr x4"));
    }

    [Test]
    public void ADegradedRunValidatesOnTheLowResolutionImagesEvalScoresWithTheSameDegradation()
    {
        var model = Path.Combine(_folder, "espcn_x2.safetensors");
        var csv = Path.Combine(_folder, "table.csv");
        var images = WriteImages();

        var (exitCode, output, error) = CliProcess.Run(
            "train", "--model", "espcn", "--scale", "2", "--train", images, "--val", images, "--val-every", "2", "--out", model,
            "--iterations", "2", "--patch", "12", "--batch", "2", "--degradation", "blur:1.2,noise:3", "--threads", "1", "--device", "cpu");
        var (evalExit, table, evalError) = CliProcess.Run(
            "eval", "--model", "espcn", "--weights", model, "--data", images, "--scale", "2", "--degradation", "blur:1.2,noise:3", "--csv", csv, "--threads", "1");

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(evalExit, Is.EqualTo(0), evalError);
        using (var file = File.OpenRead(model))
        {
            var metadata = ModelWeights.ReadMetadata(file);
            Assert.That(metadata.TrainingRecipe, Does.Contain("LR by gaussian blur sigma 1.2 + decimation -> gaussian noise sigma 3;"));
            Assert.That(metadata.Psnr, Is.Empty, "a score on blurred, noisy LR images is not the protocol's");
        }

        Assert.That(table.Split('\n')[0], Is.EqualTo("| Dataset | Scale | espcn (blur:1.2,noise:3) |"), "labelled, without the papers' columns");
        const string label = "\"espcn (blur:1.2,noise:3)\",";
        var row = File.ReadAllLines(csv)[1];
        Assert.That(row, Does.StartWith(label));
        var cells = row[label.Length..].Split(',');
        var best = Regex.Match(output, "best validation PSNR ([0-9.]+) dB").Groups[1].Value;
        Assert.That(double.Parse(cells[3], CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture), Is.EqualTo(best), "the same blur and the same noise as the run's validation");
        Assert.That(cells[5], Is.Empty, "no paper figure");
    }

    [TestCase("espcn", "2,3", "espcn's output layer enlarges by one factor")]
    [TestCase("vdsr", "2,9", "vdsr has x2, x3, x4, not x9")]
    [TestCase("vdsr", "2,x", "'x' is not a scale factor")]
    public void ScalesANetworkCannotTrainOnAreNamedWithoutWritingAModel(string network, string scales, string message)
    {
        var model = Path.Combine(_folder, "model.safetensors");

        var (exitCode, _, error) = CliProcess.Run("train", "--model", network, "--scale", scales, "--train", WriteImages(), "--out", model, "--iterations", "1", "--patch", "12");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain(message));
        Assert.That(File.Exists(model), Is.False);
    }

    [TestCase("--loss-border", "wide", "'wide' is not a loss border")]
    [TestCase("--loss-border", "8", "loss border of 8 pixels leaves nothing of the 16-pixel target")]
    [TestCase("--min-deviation", "-0.1", "The minimum patch deviation must be a finite number of 0 or more")]
    [TestCase("--image-scales", "1,abc", "'abc' is not an image scale")]
    [TestCase("--image-scales", "1,2", "Image scales must be distinct factors in (0, 1]")]
    [TestCase("--clip-norm", "0", "TrainerOptions.ClipNorm must be positive when set")]
    [TestCase("--adjustable-clip", "0", "TrainerOptions.AdjustableClip must be positive when set")]
    [TestCase("--weight-decay", "NaN", "TrainerOptions.WeightDecay must be finite and 0 or more")]
    [TestCase("--threads", "0", "TrainerOptions.Threads must be at least 1 when set")]
    [TestCase("--degradation", "noise:5", "it needs exactly one step that downscales (bicubic or blur:SIGMA), not 0")]
    [TestCase("--degradation", "bicubic,blur:1", "it needs exactly one step that downscales (bicubic or blur:SIGMA), not 2")]
    [TestCase("--degradation", "blur:-1", "'blur:-1' is not a degradation step")]
    [TestCase("--degradation", "blur:NaN", "'blur:NaN' is not a degradation step")]
    [TestCase("--degradation", "bicubic,jpeg:101", "'jpeg:101' is not a degradation step")]
    [TestCase("--degradation", "bicubic:2", "'bicubic:2' is not a degradation step")]
    [TestCase("--minutes", "Infinity", "--minutes must be from 0 to 1,000,000,000; got Infinity.")]
    [TestCase("--minutes", "-1", "--minutes must be from 0 to 1,000,000,000; got -1.")]
    [TestCase("--batch", "0", "PatchSize and BatchSize must be at least 1; got 8 and 0.")]
    public void BadOptionsAreNamedWithoutWritingAModel(string option, string value, string message)
    {
        var model = Path.Combine(_folder, "espcn_x2.safetensors");

        var (exitCode, _, error) = CliProcess.Run("train", "--model", "espcn", "--scale", "2", "--train", WriteImages(), "--out", model, "--iterations", "1", "--patch", "8", option, value);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain(message));
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void CudaWhereThereIsNoneIsRefusedWithoutWritingAModel()
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");
        var model = Path.Combine(_folder, "espcn_x2.safetensors");

        var (exitCode, _, error) = CliProcess.Run("train", "--model", "espcn", "--scale", "2", "--train", WriteImages(), "--out", model, "--iterations", "1", "--patch", "8", "--device", "cuda");

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("CUDA was requested but is not available"));
        Assert.That(File.Exists(model), Is.False);
    }

    [Test]
    public void AVgg19FileThatIsNoCheckpointIsNamedWithoutWritingAModel()
    {
        var model = Path.Combine(_folder, "srresnet_x2.safetensors");
        var vgg = Path.Combine(_folder, "vgg19.pth");
        File.WriteAllText(vgg, "not a checkpoint");

        var (exitCode, _, error) = CliProcess.Run("train", "--model", "srresnet", "--scale", "2", "--train", WriteImages(), "--out", model, "--iterations", "1", "--patch", "8", "--vgg19", vgg);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(error, Does.Contain("checkpoint").Or.Contain("safetensors"));
        Assert.That(File.Exists(model), Is.False);
    }

    private static string RecipeOf(string model)
    {
        using var file = File.OpenRead(model);
        return ModelWeights.ReadMetadata(file).TrainingRecipe!;
    }

    private string WriteImages()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "Photos")).FullName;
        for (var i = 0; i < 3; i++)
        {
            using var image = new Image<Rgb24>(40, 32);
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgb24((byte)((x * 7) + (i * 40)), (byte)(y * 5), (byte)((x + y) * 3));
                    }
                }
            });
            image.SaveAsPng(Path.Combine(folder, $"img{i}.png"));
        }

        return folder;
    }
}
