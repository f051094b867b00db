using NUnit.Framework;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class ResizeWeightsTests
{
    [Test]
    public void BicubicTimesTwoTapsAreKeysCubicAtQuarterOffsetsWithMirroredIndices()
    {
        // Output pixel 1 of 8 (1-based) sits at u = 0.75 in a 4-sample input; taps at -2..3 lie
        // 2.75, 1.75, 0.75, -0.25, -1.25, -2.25 away. Keys' cubic (a = -0.5) there is 0, -3/128, 29/128,
        // 111/128, -9/128, 0, and MATLAB's symmetric padding maps -2, -1, 0 to 3, 2, 1 (1-based).
        var weights = ResizeWeights.Compute(4, 8, 2, InterpolationMethod.Bicubic);

        Assert.That(weights.Taps, Is.EqualTo(6));
        Assert.That(weights.Weights.Take(6).Select(w => w * 128), Is.EqualTo(new double[] { 0, -3, 29, 111, -9, 0 }).Within(1e-12));
        Assert.That(weights.Indices.Take(6), Is.EqualTo(new[] { 2, 1, 0, 0, 1, 2 }));
    }

    [Test]
    public void AntialiasedHalvingWidensTheKernelToEightPixels()
    {
        // x0.5 with antialiasing: h(x) = 0.5 cubic(0.5 x), width 8; output 1 sits at u = 1.5.
        var weights = ResizeWeights.Compute(8, 4, 0.5, InterpolationMethod.Bicubic);

        Assert.That(weights.Taps, Is.EqualTo(10));
        Assert.That(weights.Weights.Take(10).Select(w => w * 256), Is.EqualTo(new double[] { 0, -3, -9, 29, 111, 111, 29, -9, -3, 0 }).Within(1e-12));
    }

    [Test]
    public void WithoutAntialiasingShrinkingKeepsTheNarrowKernel()
    {
        var weights = ResizeWeights.Compute(8, 4, 0.5, InterpolationMethod.Bicubic, antialias: false);

        Assert.That(weights.Taps, Is.EqualTo(6));
    }

    [TestCase(InterpolationMethod.Nearest)]
    [TestCase(InterpolationMethod.Bilinear)]
    [TestCase(InterpolationMethod.Bicubic)]
    public void EveryOutputSampleHasWeightsSummingToOne(InterpolationMethod method)
    {
        foreach (var (input, output) in new[] { (7, 21), (21, 7), (10, 13), (13, 10) })
        {
            var weights = ResizeWeights.Compute(input, output, (double)output / input, method);
            for (var x = 0; x < output; x++)
            {
                Assert.That(weights.Weights.Skip(x * weights.Taps).Take(weights.Taps).Sum(), Is.EqualTo(1).Within(1e-12));
                Assert.That(weights.Indices.Skip(x * weights.Taps).Take(weights.Taps), Is.All.InRange(0, input - 1));
            }
        }
    }

    [Test]
    public void BilinearHalfwaySampleAveragesItsNeighbours()
    {
        // x2 bilinear: output 2 (1-based) sits at u = 1.25: 3/4 of sample 1 and 1/4 of sample 2.
        var weights = ResizeWeights.Compute(4, 8, 2, InterpolationMethod.Bilinear);
        var taps = Enumerable.Range(weights.Taps, weights.Taps).Where(t => weights.Weights[t] != 0)
            .ToDictionary(t => weights.Indices[t], t => weights.Weights[t]);

        Assert.That(taps, Is.EquivalentTo(new Dictionary<int, double> { [0] = 0.75, [1] = 0.25 }));
    }

    [TestCase(0)]
    [TestCase(-1.5)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void NonPositiveOrNonFiniteScaleIsRejected(double scale)
    {
        Assert.That(() => ResizeWeights.Compute(4, 8, scale, InterpolationMethod.Bicubic), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("scale"));
    }

    [Test]
    public void AScaleWhoseKernelNeedsMoreTapsThanAnArrayHoldsIsRejectedNamingIt()
    {
        // At 1e-9 the antialiased cubic spans 4e9 input samples, beyond Array.MaxLength taps for even one output.
        Assert.That(() => ResizeWeights.Compute(100, 1, 1e-9, InterpolationMethod.Bicubic), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("widens the antialiasing kernel"));
    }
}
