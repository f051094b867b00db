using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Blocks;

public class BicubicUpsampleTests
{
    [TestCase(2.0, 1)]
    [TestCase(3.0, 1)]
    [TestCase(4.0, 3)]
    [TestCase(0.5, 1)]
    [TestCase(1.5, 3)]
    public void MatchesResamplerOnContinuousImages(double scale, int planes)
    {
        using var scope = NewDisposeScope();
        var image = RandomImage(width: 9, height: 7, planes, seed: 11);
        using var resize = new BicubicUpsample(scale);

        var actual = resize.call(image.ToTensor());
        var expected = image.Resize(scale).ToTensor();

        Assert.That(actual.shape, Is.EqualTo(expected.shape));
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThanOrEqualTo(1e-5f));
    }

    [Test]
    public void ResizesEveryImageOfABatchAndReusesItsMatrices()
    {
        using var scope = NewDisposeScope();
        var first = RandomImage(6, 5, 1, seed: 1);
        var second = RandomImage(6, 5, 1, seed: 2);
        using var resize = new BicubicUpsample(3);
        var batch = cat([first.ToTensor(), second.ToTensor()], 0);

        var once = resize.call(batch);
        var again = resize.call(batch);

        Assert.That(once.shape, Is.EqualTo(new long[] { 2, 1, 15, 18 }));
        Assert.That(once[1].unsqueeze(0).allclose(second.Resize(3.0).ToTensor(), rtol: 0, atol: 1e-5), Is.True);
        Assert.That(again.equal(once).all().item<bool>(), Is.True);
    }

    [Test]
    public void MatrixRowsHoldMatlabBicubicWeights()
    {
        using var scope = NewDisposeScope();

        var matrix = BicubicUpsample.ResizeMatrix(8, 2).data<double>().ToArray();

        Assert.That(matrix.Length, Is.EqualTo(16 * 8));
        for (var row = 0; row < 16; row++)
        {
            Assert.That(matrix.Skip(row * 8).Take(8).Sum(), Is.EqualTo(1).Within(1e-12), $"row {row}");
        }

        // Output pixel 7 (1-based) sits at u = 7 / 2 + 0.25 = 3.75 in the input: 1-based pixels 2..5 lie at
        // distances 1.75, 0.75, 0.25, 1.25.
        Assert.That(matrix.Skip(6 * 8).Take(8), Is.EqualTo(new[] { 0, Keys(1.75), Keys(0.75), Keys(0.25), Keys(1.25), 0, 0, 0 }).Within(1e-12));

        // Output pixel 1 sits at u = 0.75: pixels -1..2 at distances 1.75, 0.75, 0.25, 1.25; pixels -1 and 0
        // mirror onto 2 and 1.
        Assert.That(matrix.Take(8), Is.EqualTo(new[] { Keys(0.75) + Keys(0.25), Keys(1.75) + Keys(1.25), 0, 0, 0, 0, 0, 0 }).Within(1e-12));
    }

    [Test]
    public void NonPositiveScalesFailNamingTheScale()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BicubicUpsample(-2));
        Assert.That(error!.Message, Does.Contain("-2"));
    }

    // Keys' cubic with a = -0.5, written out independently of ResizeWeights.
    private static double Keys(double x)
    {
        x = Math.Abs(x);
        return x <= 1 ? (1.5 * x * x * x) - (2.5 * x * x) + 1
            : x <= 2 ? (-0.5 * x * x * x) + (2.5 * x * x) - (4 * x) + 2
            : 0;
    }

    private static PlanarImage RandomImage(int width, int height, int planes, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, planes);
        for (var p = 0; p < planes; p++)
        {
            var plane = image.GetPlane(p);
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = random.NextSingle();
            }
        }

        return image;
    }
}
