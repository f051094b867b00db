using NUnit.Framework;
using SuperRes.Imaging;

namespace SuperRes.Core.Tests;

public class YCbCrTests
{
    [TestCase(0f, 0f, 0f, 16.0, 128.0, 128.0)]
    [TestCase(1f, 1f, 1f, 235.0, 128.0, 128.0)]
    [TestCase(1f, 0f, 0f, 81.481, 90.203, 240.0)]
    [TestCase(0f, 0f, 1f, 40.966, 240.0, 109.786)]
    public void PrimariesMapToMatlabsRgb2YCbCrValues(float r, float g, float b, double y, double cb, double cr)
    {
        var rgb = new PlanarImage(1, 1, 3);
        rgb.GetPlane(0)[0] = r;
        rgb.GetPlane(1)[0] = g;
        rgb.GetPlane(2)[0] = b;

        var ycbcr = YCbCr.FromRgb(rgb);

        Assert.That(ycbcr.GetPlane(0)[0] * 255, Is.EqualTo(y).Within(1e-4));
        Assert.That(ycbcr.GetPlane(1)[0] * 255, Is.EqualTo(cb).Within(1e-4));
        Assert.That(ycbcr.GetPlane(2)[0] * 255, Is.EqualTo(cr).Within(1e-4));
    }

    [Test]
    public void RoundTripOfEightBitColoursIsWithinOneLevel()
    {
        var rgb = TestImages.Noise(64, 64, 3, seed: 7, levels: 255, hasAlpha: true);

        var back = YCbCr.ToRgb(YCbCr.FromRgb(rgb), levels: 255);

        for (var p = 0; p < 3; p++)
        {
            var expected = rgb.GetPlane(p).ToArray();
            var actual = back.GetPlane(p).ToArray();
            Assert.That(actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max(), Is.LessThanOrEqualTo(1 / 255f + 1e-6f), $"plane {p}");
        }

        Assert.That(back.Alpha.ToArray(), Is.EqualTo(rgb.Alpha.ToArray()));
    }

    [Test]
    public void LumaOfAGreyImageIsItsOnlyPlane()
    {
        var grey = TestImages.Noise(5, 5, 1, seed: 8);

        Assert.That(YCbCr.Luma(grey).GetPlane(0).ToArray(), Is.EqualTo(grey.GetPlane(0).ToArray()));
    }

    [Test]
    public void ColourConversionOfAGreyImageIsRejected()
    {
        Assert.That(() => YCbCr.FromRgb(new PlanarImage(2, 2, 1)), Throws.ArgumentException.With.Message.Contains("3 colour planes"));
    }
}
