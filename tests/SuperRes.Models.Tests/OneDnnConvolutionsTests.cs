using NUnit.Framework;
using SuperRes.Models.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests;

public class OneDnnConvolutionsTests
{
    [Test]
    public void CreatingANetworkTurnsOneDnnOff()
    {
        RequireSwitch();
        using var network = new Espcn(2);
        Assert.That(OneDnnConvolutions.Enabled, Is.False);
    }

    [Test]
    public void WithOneDnnOffAConvolutionsInputGradientIgnoresWhatFreedMemoryHeld()
    {
        // Freed memory is filled with NaN before every step, so a gradient left partly unwritten shows.
        RequireSwitch();
        OneDnnConvolutions.TurnOff();
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

    private static void RequireSwitch()
    {
        if (OneDnnConvolutions.Enabled is null)
        {
            Assert.Ignore("LibTorch's oneDNN switch has no Itanium C++ name on this platform (Windows); SuperRes leaves oneDNN as it is.");
        }
    }
}
