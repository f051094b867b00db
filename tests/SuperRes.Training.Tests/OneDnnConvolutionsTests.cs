using NUnit.Framework;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training.Tests;

public class OneDnnConvolutionsTests
{
    [Test]
    public void WithOneDnnOffAConvolutionsInputGradientIgnoresWhatFreedMemoryHeld()
    {
        // Freed memory is filled with NaN before every step, so a gradient left partly unwritten shows as NaN.
        RequireSwitch();
        using var off = OneDnnConvolutions.Disable();
        torch.manual_seed(1);
        using var convolution = nn.Conv2d(12, 56, 3, padding: 1);
        using var input = torch.randn(8, 12, 25, 25);
        using var outputGradient = torch.randn(8, 56, 25, 25);
        Tensor? first = null;
        for (var step = 0; step < 100; step++)
        {
            using var scope = torch.NewDisposeScope();
            for (var k = 0; k < 4; k++)
            {
                torch.full([8, 64, 25, 25], float.NaN).Dispose();
            }

            var x = input.detach().clone().requires_grad_();
            (convolution.call(x) * outputGradient).sum().backward();
            convolution.zero_grad();
            if (first is null)
            {
                first = x.grad!.clone().DetachFromDisposeScope();
                Assert.That(first.isnan().any().item<bool>(), Is.False);
            }
            else
            {
                Assert.That(x.grad!.allclose(first, rtol: 0, atol: 0), Is.True, $"step {step} gave another input gradient");
            }
        }

        first!.Dispose();
    }

    [Test]
    public void TrainingTurnsOneDnnOffAndThenRestoresIt()
    {
        RequireSwitch();
        var images = Enumerable.Range(0, 2).Select(i => TestImages.Pattern(40, 36, i)).ToArray();
        var sampler = new PatchSampler(PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Y }), new PatchSamplerOptions { PatchSize = 8, BatchSize = 2 });
        using var network = new Espcn(2, new EspcnOptions { FirstFeatures = 4, SecondFeatures = 4 });
        var during = new List<bool?>();
        var before = OneDnnConvolutions.Enabled;
        new Trainer(network, sampler, new TrainerOptions { Iterations = 2, LogEvery = 1, Threads = 1, Device = ComputeDevice.Cpu })
            .Train(new SynchronousProgress(_ => during.Add(OneDnnConvolutions.Enabled)));
        Assert.That(during, Is.EqualTo(new bool?[] { false, false }));
        Assert.That(OneDnnConvolutions.Enabled, Is.EqualTo(before));
    }

    private static void RequireSwitch()
    {
        if (OneDnnConvolutions.Enabled is null)
        {
            Assert.Ignore("LibTorch's oneDNN switch has no Itanium C++ name on this platform (Windows); the trainer leaves oneDNN as it is.");
        }
    }
}
