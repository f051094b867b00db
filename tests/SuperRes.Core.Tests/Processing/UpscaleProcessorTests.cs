using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SuperRes.Interpolation;
using SuperRes.Processing;

namespace SuperRes.Core.Tests.Processing;

public class UpscaleProcessorTests
{
    private static readonly ISuperResolver Bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 3);

    [Test]
    public void CloneReturnsTheResolversResultAndLeavesTheSourceAlone()
    {
        using var image = Noise(7, 5, seed: 1);
        var before = Pixels(image);

        using var clone = image.Clone(x => x.Upscale(Bicubic));

        using var expected = Bicubic.Upscale(image);
        Assert.That((clone.Width, clone.Height), Is.EqualTo((21, 15)));
        Assert.That(Pixels(clone), Is.EqualTo(Pixels(expected)));
        Assert.That(Pixels(image), Is.EqualTo(before));
    }

    [Test]
    public void MutateReplacesTheImageWithTheLargerOne()
    {
        using var image = Noise(6, 4, seed: 2);
        using var expected = Bicubic.Upscale(image);

        image.Mutate(x => x.Upscale(Bicubic));

        Assert.That((image.Width, image.Height), Is.EqualTo((18, 12)));
        Assert.That(Pixels(image), Is.EqualTo(Pixels(expected)));
    }

    [Test]
    public void ChainsWithOtherProcessors()
    {
        using var image = Noise(6, 4, seed: 3);
        using var expected = Bicubic.Upscale(image);
        expected.Mutate(x => x.Flip(FlipMode.Horizontal));

        using var clone = image.Clone(x => x.Upscale(Bicubic).Flip(FlipMode.Horizontal));

        Assert.That(Pixels(clone), Is.EqualTo(Pixels(expected)));
    }

    [Test]
    public void RectangleUpscalesThatRegionOnly()
    {
        using var image = Noise(9, 8, seed: 4);
        var region = new Rectangle(2, 1, 5, 6);
        using var cropped = image.Clone(x => x.Crop(region));
        using var expected = Bicubic.Upscale(cropped);

        using var clone = image.Clone(x => x.Upscale(Bicubic, region));

        Assert.That((clone.Width, clone.Height), Is.EqualTo((15, 18)));
        Assert.That(Pixels(clone), Is.EqualTo(Pixels(expected)));
    }

    [Test]
    public void EveryFrameIsUpscaled()
    {
        using var image = Noise(5, 4, seed: 5);
        using var second = Noise(5, 4, seed: 6);
        image.Frames.AddFrame(second.Frames.RootFrame);
        using var expectedSecond = Bicubic.Upscale(second);

        image.Mutate(x => x.Upscale(Bicubic));

        Assert.That(image.Frames.Count, Is.EqualTo(2));
        using var actualSecond = image.Frames.CloneFrame(1);
        Assert.That(Pixels(actualSecond), Is.EqualTo(Pixels(expectedSecond)));
    }

    [Test]
    public void AnUpscaleOverTheLimitsIsRefusedBeforeImageSharpAllocatesTheLargerFrames()
    {
        // 2000 x 2000 x 4 frames at x4 would be 1 GB of Rgba32 destination frames; a GC allocator makes them countable.
        var managed = new Configuration { MemoryAllocator = new SimpleGcMemoryAllocator() };
        using var image = new Image<Rgba32>(managed, 2000, 2000);
        for (var i = 1; i < 4; i++)
        {
            image.Frames.AddFrame(image.Frames.RootFrame);
        }

        var tight = new InterpolationResolver(InterpolationMethod.Bicubic, 4) { Limits = new SuperResLimits { MaxOutputPixels = 10_000_000 } };
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        Assert.That(() => image.Mutate(x => x.Upscale(tight)), Throws.TypeOf<ImageTooLargeException>());

        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, Is.LessThan(1 << 20));
        Assert.That(image.Width, Is.EqualTo(2000));
    }

    [Test]
    public void NullResolverIsRejected()
    {
        Assert.That(() => new UpscaleProcessor(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("resolver"));
    }

    private static Image<Rgba32> Noise(int width, int height, int seed) =>
        TestImages.Noise(width, height, colorPlanes: 3, seed, levels: 255, hasAlpha: true).ToImage<Rgba32>();

    private static Rgba32[] Pixels(Image<Rgba32> image)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
