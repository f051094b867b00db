using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Testing;

namespace SuperRes.Core.Tests;

public class InterpolationResolverConcurrencyTests
{
    [Test]
    public void EightThreadsGetTheSameBitsAsSerialCalls()
    {
        var resolver = new InterpolationResolver(InterpolationMethod.Bicubic, 3);
        var images = Enumerable.Range(0, 8).Select(i => TestImages.Noise(17 + i, 13, 3, seed: 40 + i, levels: 255).ToImage<Rgb24>()).ToArray();
        var serial = images.Select(image => resolver.Upscale(image).TakePixels()).ToArray();

        var mismatches = Concurrently.Run(images.Length, i =>
            Enumerable.Range(0, 3).All(_ => resolver.Upscale(images[i]).TakePixels().SequenceEqual(serial[i])) ? null : "differs from the serial result");

        Assert.That(mismatches, Is.Empty);
        Assert.That(serial[0], Has.Length.EqualTo(51 * 39), "the comparison covers every output pixel");
    }

    [Test]
    public void TheResolverRefusesAnImageBeyondItsLimitsBeforeConvertingIt()
    {
        var resolver = new InterpolationResolver(InterpolationMethod.Bicubic, 2) { Limits = new SuperResLimits { MaxInputPixels = 15 } };
        using var image = new Image<L8>(4, 4);
        Assert.That(() => resolver.Upscale(image), Throws.TypeOf<ImageTooLargeException>().With.Message.Contains("16 pixels exceed the 15-pixel input limit"));
    }
}
