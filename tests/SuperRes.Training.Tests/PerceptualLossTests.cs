using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training.Tests;

public class PerceptualLossTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(_folder = Path.Combine(Path.GetTempPath(), "superres-vgg-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TorchvisionKeysLoadAndGiveTheHandComputedLossOfTwoGreyImages()
    {
        // conv1_1 copies input channel c to feature c (centre tap 1), so the features of a grey level v are
        // ReLU((v - mean_c) / deviation_c) on channels 0-2 and 0 on the other 61. For 0.5 against 0.7:
        // (0.0655 - 0.9389)^2 + (0.1964 - 1.0893)^2 + (0.4178 - 1.3067)^2, over 64 channels = 0.0367200.
        var identity = new float[64 * 3 * 3 * 3];
        for (var c = 0; c < 3; c++)
        {
            identity[(((c * 3) + c) * 9) + 4] = 1;
        }

        var path = WriteCheckpoint(new()
        {
            ["features.0.weight"] = tensor(identity, [64, 3, 3, 3]),
            ["features.0.bias"] = zeros(64),
            ["features.2.weight"] = ones(64, 64, 3, 3), // beyond the kept layers: ignored
            ["classifier.0.weight"] = ones(2, 2),
        });
        using var loss = PerceptualLoss.FromCheckpoint(path, layers: 2);
        using var output = full(1, 1, 4, 4, 0.5f);
        using var target = full(1, 1, 4, 4, 0.7f);
        using var value = loss.call(output, target);
        Assert.That(value.item<float>(), Is.EqualTo(0.0367200).Within(1e-6));
    }

    [Test]
    public void Vgg54KeepsTorchvisionsSixteenConvolutionsUnderTheirIndices()
    {
        // torchvision's vgg19().features: convolutions at these indices, ReLUs after each, max-pools at 4, 9, 18, 27 and 36.
        int[] convolutions = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34];
        using var loss = new PerceptualLoss();
        Assert.That(loss.state_dict().Keys, Is.EquivalentTo(convolutions.SelectMany(i => new[] { $"features.{i}.weight", $"features.{i}.bias" })));
        Assert.That(loss.state_dict()["features.34.weight"].shape, Is.EqualTo(new long[] { 512, 512, 3, 3 }));
    }

    [Test]
    public void ACheckpointWithoutAKeptLayerIsRefusedByName()
    {
        var path = WriteCheckpoint(new() { ["features.0.weight"] = zeros(64, 3, 3, 3), ["features.0.bias"] = zeros(64) });
        var error = Assert.Throws<InvalidWeightsException>(() => PerceptualLoss.FromCheckpoint(path, layers: 4));
        Assert.That(error!.Message, Does.Contain("features.2.weight"));
    }

    [TestCase(0)]
    [TestCase(37)]
    public void LayerCountsOutsideVgg54AreRefused(int layers) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptualLoss(layers));

    [Test]
    public void GradientsReachTheOutputButNeverVgg()
    {
        torch.manual_seed(3);
        using var loss = new PerceptualLoss(layers: 4);
        using var target = rand(2, 3, 8, 8);
        using var output = rand(2, 3, 8, 8).requires_grad_();
        using (var same = loss.call(target, target))
        {
            Assert.That(same.item<float>(), Is.Zero);
        }

        using var value = loss.call(output, target);
        Assert.That(value.item<float>(), Is.GreaterThan(0));
        value.backward();
        Assert.That(output.grad!.abs().sum().item<float>(), Is.GreaterThan(0));
        Assert.That(loss.parameters().All(p => p.grad is null && !p.requires_grad), Is.True);
    }

    [Test]
    public void TheTrainerAddsThePerceptualTermOnlyWithAWeight()
    {
        using var perceptual = new PerceptualLoss(layers: 4);
        var pixelOnly = Train(null, 0);
        Assert.That(Train(perceptual, 0), Is.EqualTo(pixelOnly));
        Assert.That(Train(perceptual, 1), Is.Not.EqualTo(pixelOnly));
    }

    [TestCase(0.0, true)]
    [TestCase(1.0, false)]
    public void OnlyAWeightedPerceptualTermKeepsTheLatestNetwork(double weight, bool keepsBestPsnr)
    {
        using var perceptual = new PerceptualLoss(layers: 4);
        using var network = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        var trainer = new Trainer(network, NewSampler(), new TrainerOptions { PerceptualWeight = weight }, perceptualLoss: perceptual);
        Assert.That(trainer.KeepsBestPsnr, Is.EqualTo(keepsBestPsnr));
    }

    private static PatchSampler NewSampler()
    {
        var images = Enumerable.Range(0, 2).Select(i => TestImages.Pattern(24, 24, i)).ToArray();
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Rgb });
        return new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 6, BatchSize = 2, Seed = 1 });
    }

    private static float[] Train(PerceptualLoss? perceptual, double weight)
    {
        var sampler = NewSampler();
        torch.manual_seed(5);
        using var network = new SrResNet(2, new SrResNetOptions { ResidualBlocks = 1, Features = 8 });
        var options = new TrainerOptions { Iterations = 3, LearningRate = 1e-3, PerceptualWeight = weight, Threads = 1, Device = ComputeDevice.Cpu };
        new Trainer(network, sampler, options, perceptualLoss: perceptual).Train();
        return network.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
    }

    private string WriteCheckpoint(Dictionary<string, Tensor> tensors)
    {
        var path = Path.Combine(_folder, "vgg19.safetensors");
        SafeTensorsFile.Write(path, tensors);
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }

        return path;
    }
}
