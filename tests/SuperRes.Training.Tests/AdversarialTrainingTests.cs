using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training.Tests;

public class AdversarialTrainingTests
{
    private static readonly Lazy<PatchSampler> Sampler = new(() =>
    {
        var images = Enumerable.Range(0, 3).Select(i => TestImages.Pattern(36, 36, i)).ToArray();
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Rgb });
        return new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 2, Seed = 4 });
    });

    [Test]
    public void WithZeroAdversarialWeightTheGeneratorTrainsAsOnPixelLossAlone()
    {
        // The discriminator's own step must never reach the generator's parameters.
        var (pixelOnly, _) = Train(iterations: 3, weight: null);
        var (zeroWeight, discriminator) = Train(iterations: 3, weight: 0);
        Assert.That(Values(zeroWeight), Is.EqualTo(Values(pixelOnly)));
        Assert.That(Values(discriminator!), Is.Not.EqualTo(Values(NewDiscriminator())), "the discriminator trained");
    }

    [Test]
    public void TheAdversarialTermChangesTheGeneratorsSteps()
    {
        var (pixelOnly, _) = Train(iterations: 3, weight: null);
        var (adversarial, _) = Train(iterations: 3, weight: 0.5);
        Assert.That(Values(adversarial), Is.Not.EqualTo(Values(pixelOnly)));
    }

    [Test]
    public void AnAdversarialRunResumesBitForBit()
    {
        var (generator, discriminator) = Train(iterations: 4, weight: 1e-3);
        var folder = Path.Combine(Path.GetTempPath(), "superres-gan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = TrainingFiles.Beside(Path.Combine(folder, "srgan.safetensors"));
            using var cancel = new CancellationTokenSource();
            Train(iterations: 4, weight: 1e-3, files, new SynchronousProgress(p =>
            {
                if (p.Iteration == 2)
                {
                    cancel.Cancel();
                }
            }), cancel.Token);
            var (resumedGenerator, resumedDiscriminator) = Train(iterations: 4, weight: 1e-3, files, seed: 50);
            Assert.That(Values(resumedGenerator), Is.EqualTo(Values(generator)));
            Assert.That(Values(resumedDiscriminator!), Is.EqualTo(Values(discriminator!)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AnAdversarialRunKeepsItsLatestGeneratorNotTheBestByPsnr()
    {
        var folder = Path.Combine(Path.GetTempPath(), "superres-gan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = TrainingFiles.Beside(Path.Combine(folder, "srgan.safetensors"));
            var validation = TestImages.WriteFolder(folder, "Val", 2, 24, 24);
            using var cancel = new CancellationTokenSource();

            // Validated at iteration 2 only, then stopped at 3: a file picked by PSNR would still hold iteration 2's generator.
            var (generator, _) = Train(iterations: 6, weight: 1e-3, files, new SynchronousProgress(p =>
            {
                if (p.Iteration == 3)
                {
                    cancel.Cancel();
                }
            }), cancel.Token, validation: validation);

            using var saved = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
            var metadata = saved.LoadWeights(files.Model, "srresnet");
            // Parameters and batch-norm statistics; the file leaves out num_batches_tracked, which inference never reads.
            Assert.That(Values(saved, withBatchCounts: false), Is.EqualTo(Values(generator, withBatchCounts: false)));
            Assert.That(metadata.TrainingRecipe, Does.EndWith("saved at iteration 3"));
            Assert.That(metadata.Psnr, Is.Empty, "iteration 3 was not validated");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase(null, true)]
    [TestCase(0.0, true)]
    [TestCase(1e-3, false)]
    public void OnlyAWeightedAdversarialTermKeepsTheLatestGenerator(double? weight, bool keepsBestPsnr)
    {
        using var generator = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        using var discriminator = weight is null ? null : NewDiscriminator();
        var trainer = new Trainer(generator, Sampler.Value, new TrainerOptions { AdversarialWeight = weight ?? 0 }, discriminator);
        Assert.That(trainer.KeepsBestPsnr, Is.EqualTo(keepsBestPsnr));
    }

    [Test]
    public void ADiscriminatorOfAnotherPatchSizeIsRefused()
    {
        using var generator = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        using var discriminator = new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 32, Features = 4, DenseFeatures = 8 });
        Assert.Throws<ArgumentException>(() => new Trainer(generator, Sampler.Value, new TrainerOptions(), discriminator));
    }

    private static (SrResNet Generator, SrganDiscriminator? Discriminator) Train(
        int iterations, double? weight, TrainingFiles? files = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, int seed = 7, string? validation = null)
    {
        torch.manual_seed(seed);
        var generator = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        var discriminator = weight is null ? null : NewDiscriminator(seed);
        var options = new TrainerOptions
        {
            Iterations = iterations, LearningRate = 1e-3, AdversarialWeight = weight ?? 0, LogEvery = 1, Threads = 1, Device = ComputeDevice.Cpu, Files = files, Architecture = "srresnet",
            ValidationFolder = validation, ValidateEvery = 2,
        };
        new Trainer(generator, Sampler.Value, options, discriminator).Train(progress, cancellationToken);
        return (generator, discriminator);
    }

    private static SrganDiscriminator NewDiscriminator(int seed = 7)
    {
        torch.manual_seed(seed + 1000);
        return new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 16, Features = 4, DenseFeatures = 8 });
    }

    private static float[] Values(nn.Module module, bool withBatchCounts = true) =>
        module.state_dict()
            .Where(p => withBatchCounts || !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .SelectMany(p => p.Value.to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

}
