using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class PixelTypeTests
{
    private static readonly ISuperResolver Bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 2);

    [Test]
    public void EveryCommonPixelTypeKeepsItsTypeAndDoublesInSize()
    {
        AssertUpscalesTo<L8>(grey: true, alpha: false, levels: 255);
        AssertUpscalesTo<L16>(grey: true, alpha: false, levels: 65535);
        AssertUpscalesTo<La16>(grey: true, alpha: true, levels: 255);
        AssertUpscalesTo<Rgb24>(grey: false, alpha: false, levels: 255);
        AssertUpscalesTo<Rgba32>(grey: false, alpha: true, levels: 255);
        AssertUpscalesTo<Bgra32>(grey: false, alpha: true, levels: 255);
        AssertUpscalesTo<Rgb48>(grey: false, alpha: false, levels: 65535);
        AssertUpscalesTo<Rgba64>(grey: false, alpha: true, levels: 65535);
    }

    [Test]
    public void SixteenBitValuesSurviveBeyondEightBitPrecision()
    {
        using var image = new Image<Rgba64>(6, 6, new Rgba64(1000, 30001, 65000, 12345));

        using var upscaled = Bicubic.Upscale(image);

        Assert.That(upscaled[5, 7], Is.EqualTo(new Rgba64(1000, 30001, 65000, 12345)));
    }

    [Test]
    public void AlphaIsUpscaledByBicubicIndependentlyOfColour()
    {
        using var image = new Image<Rgba32>(8, 8);
        var random = new Random(9);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                image[x, y] = new Rgba32(200, 100, 50, (byte)random.Next(256));
            }
        }

        using var upscaled = Bicubic.Upscale(image);
        var expectedAlpha = PlanarImage.FromImage(image).Resize(2).Alpha.ToArray().Select(a => Math.Round(a * 255));

        var actualAlpha = PlanarImage.FromImage(upscaled).Alpha.ToArray().Select(a => Math.Round(a * 255));
        Assert.That(actualAlpha, Is.EqualTo(expectedAlpha));
        Assert.That(upscaled[3, 3].R, Is.EqualTo(200));
    }

    [Test]
    public void TensorRoundTripIsExactAndShapedNchw()
    {
        var image = TestImages.Noise(7, 5, 3, seed: 10, levels: 255);
        using var scope = TorchSharp.torch.NewDisposeScope();

        var tensor = image.ToTensor();
        var back = tensor.ToPlanarImage(levels: 255);

        Assert.That(tensor.shape, Is.EqualTo(new long[] { 1, 3, 5, 7 }));
        Assert.That(tensor[0, 2, 4, 6].item<float>(), Is.EqualTo(image.GetPlane(2)[(4 * 7) + 6]));
        Assert.That(back.GetPlane(1).ToArray(), Is.EqualTo(image.GetPlane(1).ToArray()));
    }

    [Test]
    public void TensorsOfTheWrongShapeAreRejectedWithTheirShape()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();

        Assert.That(() => TorchSharp.torch.zeros(1, 2, 4, 4).ToPlanarImage(), Throws.ArgumentException.With.Message.Contains("[1, 2, 4, 4]"));
    }

    private static void AssertUpscalesTo<TPixel>(bool grey, bool alpha, int levels)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = new Image<TPixel>(5, 3);
        using var upscaled = Bicubic.Upscale(image);
        var planes = PlanarImage.FromImage(upscaled);

        Assert.That(upscaled.Size(), Is.EqualTo(new Size(10, 6)), typeof(TPixel).Name);
        Assert.That((planes.ColorPlanes == 1, planes.HasAlpha, planes.Levels), Is.EqualTo((grey, alpha, levels)), typeof(TPixel).Name);
    }
}
