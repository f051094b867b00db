using NUnit.Framework;
using static TorchSharp.torch;

namespace SuperRes.Training.Tests;

public class PixelLossTests
{
    // Differences 0.3 and -0.3: mean |d| = 0.3, mean d^2 = 0.09, mean sqrt(d^2 + 1e-6) = sqrt(0.090001).
    [TestCase(PixelLoss.L1, 0.3)]
    [TestCase(PixelLoss.Mse, 0.09)]
    [TestCase(PixelLoss.Charbonnier, 0.30000166666)]
    public void LossesOfAHandComputedPair(PixelLoss loss, double expected)
    {
        using var output = tensor(new[] { 0.5, 0.1 });
        using var target = tensor(new[] { 0.2, 0.4 });
        using var value = PixelLosses.Compute(loss, output, target);
        Assert.That(value.item<double>(), Is.EqualTo(expected).Within(1e-10));
    }
}
