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

    // A 4x4 image whose centre 2x2 is off by 0.5 and whose outer ring is off by 1: a border of 1 sees only the centre.
    [TestCase(PixelLoss.L1, 0, 0.875)]
    [TestCase(PixelLoss.Mse, 0, 0.8125)]
    [TestCase(PixelLoss.L1, 1, 0.5)]
    [TestCase(PixelLoss.Mse, 1, 0.25)]
    public void ABorderLeavesTheOuterPixelsOut(PixelLoss loss, int border, double expected)
    {
        using var target = zeros(1, 1, 4, 4);
        using var output = ones(1, 1, 4, 4);
        output[.., .., 1..3, 1..3] = tensor(0.5f);
        using var value = PixelLosses.Compute(loss, output, target, border);
        Assert.That(value.item<float>(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void ABorderThatLeavesNothingOrMismatchedShapesAreNamed()
    {
        using var output = zeros(2, 1, 6, 8);
        using var target = zeros(2, 1, 6, 8);
        using var other = zeros(2, 1, 8, 6);
        Assert.That(Assert.Throws<ArgumentException>(() => PixelLosses.Compute(PixelLoss.L1, output, target, 3))!.Message, Does.Contain("leaves nothing of a 8x6 patch"));
        Assert.That(Assert.Throws<ArgumentException>(() => PixelLosses.Compute(PixelLoss.L1, output, other))!.Message, Does.Contain("one shape; they are [2, 1, 6, 8] and [2, 1, 8, 6]"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelLosses.Compute(PixelLoss.L1, output, target, -1));
    }
}
