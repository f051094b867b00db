using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests;

public class OneDnnConvolutionsTests
{
    // What the process was started with, before SuperRes could set anything.
    private static readonly string? UsersChoice = Environment.GetEnvironmentVariable(OneDnnConvolutions.MaxIsaVariable);

    // That creating a network holds it, in a fresh process, is OneDnnIsaTests' part (SuperRes.Cli.Tests).
    [Test]
    public void HoldingSetsTheLimitInTheEnvironmentLibTorchReads()
    {
        OneDnnConvolutions.HoldToSafeIsa();
        Assert.That(OneDnnConvolutions.MaxIsa, Is.EqualTo(UsersChoice ?? "SSE41"));
    }

    // Two layer shapes whose results oneDNN's full-width kernels got wrong on an AMD EPYC (Zen 5 VM) at this size:
    // FSRCNN x2's phase convolution forward, and FSRCNN's first layer's input gradient. Double precision never runs
    // on oneDNN, so it is an independent reference.
    [TestCase(56, 4, 9, false)]
    [TestCase(1, 56, 5, true)]
    public void AConvolutionMatchesItsDoublePrecisionResult(int inChannels, int outChannels, int kernel, bool inputGradient)
    {
        RequireSafeIsa();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(inChannels + outChannels + kernel);
        var input = torch.randn(4, inChannels, 48, 48);
        var weight = torch.randn(outChannels, inChannels, kernel, kernel) * 0.1;
        var outputGradient = torch.randn(4, outChannels, 48, 48);
        var ours = Compute(input, weight, outputGradient, inputGradient);
        var reference = Compute(input.to(float64), weight.to(float64), outputGradient.to(float64), inputGradient).to(float32);
        var relativeError = (ours - reference).abs().max().item<float>() / reference.abs().max().item<float>();
        Assert.That(relativeError, Is.LessThan(1e-5f));
    }

    [Test]
    public void AConvolutionsInputGradientIgnoresWhatFreedMemoryHeld()
    {
        // Freed memory is filled with NaN before every step, so a gradient left partly unwritten shows.
        RequireSafeIsa();
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

    private static Tensor Compute(Tensor input, Tensor weight, Tensor outputGradient, bool inputGradient)
    {
        var padding = new[] { weight.shape[2] / 2, weight.shape[3] / 2 };
        if (!inputGradient)
        {
            using var noGradient = torch.no_grad();
            return nn.functional.conv2d(input, weight, padding: padding);
        }

        var x = input.detach().clone().requires_grad_();
        (nn.functional.conv2d(x, weight, padding: padding) * outputGradient).sum().backward();
        return x.grad!.clone();
    }

    private static void RequireSafeIsa()
    {
        if (OneDnnConvolutions.MaxIsa != OneDnnConvolutions.SafeIsa)
        {
            Assert.Ignore($"{OneDnnConvolutions.MaxIsaVariable} is {OneDnnConvolutions.MaxIsa ?? "unset"} (the user's choice, or no C library to set it in): these tests check the instruction set SuperRes picks.");
        }
    }
}
