using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Weights;
using TorchSharp;

namespace SuperRes.Cli.Tests;

/// <summary><c>average</c> as a user runs it: weighted files give their weighted mean; a file of another model is named.</summary>
public class AverageCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-cli-average").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WeightedFilesAverageToTheirWeightedMean()
    {
        var twos = Save("twos.safetensors", "srcnn", 3, 2);
        var sixes = Save("sixes.safetensors", "srcnn", 3, 6);
        var output = Path.Combine(_folder, "mean.safetensors");

        var (exitCode, stdout, error) = CliProcess.Run("average", "--out", output, "--coefficients", "3,1", twos, sixes);

        Assert.That(exitCode, Is.EqualTo(0), error);
        Assert.That(stdout, Does.Contain("Averaged 2 srcnn x3 files (weights 0.75, 0.25)"));
        using var mean = ModelCatalog.Create("srcnn", 3);
        mean.LoadWeights(output, "srcnn");
        Assert.That(mean.state_dict().Values.SelectMany(t => t.data<float>().ToArray()), Is.All.EqualTo(3f), "0.75 x 2 + 0.25 x 6");
    }

    [Test]
    public void AFileOfAnotherModelIsNamedWithoutWritingTheOutput()
    {
        var srcnn = Save("srcnn.safetensors", "srcnn", 3, 1);
        var fsrcnn = Save("fsrcnn.safetensors", "fsrcnn", 3, 1);
        var output = Path.Combine(_folder, "mean.safetensors");

        var (exitCode, _, error) = CliProcess.Run("average", "--out", output, srcnn, fsrcnn);

        Assert.That(exitCode, Is.EqualTo(5));
        Assert.That(error, Does.Contain("fsrcnn.safetensors' cannot be averaged").And.Contain("fsrcnn x3, but the network is srcnn x3"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void ACoefficientThatIsNoNumberIsNamed()
    {
        var file = Save("srcnn.safetensors", "srcnn", 3, 1);

        var (exitCode, _, error) = CliProcess.Run("average", "--out", Path.Combine(_folder, "mean.safetensors"), "--coefficients", "1,x", file, file);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'x' is not a weight"));
    }

    private string Save(string name, string architecture, int scale, float value)
    {
        var path = Path.Combine(_folder, name);
        using var network = ModelCatalog.Create(architecture, scale);
        using (torch.no_grad())
        {
            foreach (var tensor in network.state_dict().Values)
            {
                tensor.fill_(value);
            }
        }

        network.SaveWeights(path, WeightsMetadata.For(network, architecture));
        return path;
    }
}
