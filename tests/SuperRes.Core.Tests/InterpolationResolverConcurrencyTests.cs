using System.Collections.Concurrent;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class InterpolationResolverConcurrencyTests
{
    [Test]
    public void EightThreadsGetTheSameBitsAsSerialCalls()
    {
        var resolver = new InterpolationResolver(InterpolationMethod.Bicubic, 3);
        var images = Enumerable.Range(0, 8).Select(i => TestImages.Noise(17 + i, 13, 3, seed: 40 + i, levels: 255).ToImage<Rgb24>()).ToArray();
        var serial = images.Select(image => Pixels(resolver.Upscale(image))).ToArray();

        var mismatches = new ConcurrentBag<string>();
        using var start = new Barrier(images.Length);
        var threads = Enumerable.Range(0, images.Length).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var repeat = 0; repeat < 3; repeat++)
                {
                    if (!Pixels(resolver.Upscale(images[i])).SequenceEqual(serial[i]))
                    {
                        mismatches.Add($"image {i}, repeat {repeat}");
                    }
                }
            }
            catch (Exception e)
            {
                mismatches.Add($"image {i}: {e}");
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

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

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        using (image)
        {
            var pixels = new Rgb24[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }
    }
}
