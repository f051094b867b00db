using NUnit.Framework;
using SuperRes.Imaging;

namespace SuperRes.Core.Tests;

public class PlanarImageTests
{
    [Test]
    public void SelectPlanesKeepsColourPlanesAndRefusesTheAlphaPlane()
    {
        var image = TestImages.Noise(3, 2, 3, seed: 4, hasAlpha: true);

        var blue = image.SelectPlanes(2, 1);

        Assert.That(blue.GetPlane(0).ToArray(), Is.EqualTo(image.GetPlane(2).ToArray()));
        Assert.That(() => image.SelectPlanes(1, 3), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("this image has 3"));
    }

    [Test]
    public void WithAlphaNamesAMissingArgument()
    {
        var image = new PlanarImage(2, 2, 1);

        Assert.That(() => PlanarImage.WithAlpha(null!, image), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("colour"));
        Assert.That(() => PlanarImage.WithAlpha(image, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("alpha"));
    }

    [TestCase(0.5f, 2, 0.5f)]
    [TestCase(0.3f, 2, 0.5f)]
    [TestCase(1.7f, 0, 1f)]
    public void QuantizeRoundsToTheLevelsAfterClamping(float value, int levels, float expected)
    {
        Assert.That(PlanarImage.Quantize(value, levels), Is.EqualTo(expected));
    }

    [Test]
    public void QuantizeRefusesNegativeLevels()
    {
        Assert.That(() => PlanarImage.Quantize(0.5f, -3), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("levels"));
    }
}
