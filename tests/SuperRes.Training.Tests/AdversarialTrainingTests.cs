using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Architectures;
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
    public void ADiscriminatorOfAnotherPatchSizeIsRefused()
    {
        using var generator = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        using var discriminator = new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 32, Features = 4, DenseFeatures = 8 });
        Assert.Throws<ArgumentException>(() => new Trainer(generator, Sampler.Value, new TrainerOptions(), discriminator));
    }

    private static (SrResNet Generator, SrganDiscriminator? Discriminator) Train(
        int iterations, double? weight, TrainingFiles? files = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, int seed = 7)
    {
        torch.manual_seed(seed);
        var generator = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        var discriminator = weight is null ? null : NewDiscriminator(seed);
        var options = new TrainerOptions
        {
            Iterations = iterations, LearningRate = 1e-3, AdversarialWeight = weight ?? 0, LogEvery = 1, Threads = 1, Device = ComputeDevice.Cpu, Files = files, Architecture = "srresnet",
        };
        new Trainer(generator, Sampler.Value, options, discriminator).Train(progress, cancellationToken);
        return (generator, discriminator);
    }

    private static SrganDiscriminator NewDiscriminator(int seed = 7)
    {
        torch.manual_seed(seed + 1000);
        return new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = 16, Features = 4, DenseFeatures = 8 });
    }

    private static float[] Values(nn.Module module) =>
        module.state_dict().Values.SelectMany(t => t.to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

}
