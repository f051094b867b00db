using System.Buffers.Binary;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Interpolation;
using SuperRes.Testing;

namespace SuperRes.Core.Tests;

public class HostileImageTests
{
    private static readonly ISuperResolver Bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 2);

    [Test]
    public void A33BytePngClaiming100000By100000IsRefusedFromItsHeaderWithoutDecoding()
    {
        var png = PngHeaderOnly(100_000, 100_000);
        Assert.That(png, Has.Length.EqualTo(33));

        using var output = new MemoryStream();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageTooLargeException>(() => Bicubic.Upscale(new MemoryStream(png), output));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Decoding would need 100000 x 100000 x 3 bytes = 30 GB; identifying needs a few kilobytes.
        Assert.That(allocated, Is.LessThan(1 << 20));
        Assert.That(error!.Message, Does.Contain("100000x100000").And.Contain("65,535-pixel limit (MaxDimension)"));
        Assert.That((error.Width, error.Height), Is.EqualTo((100_000, 100_000)));
        Assert.That(output.Length, Is.Zero);
    }

    [Test]
    public void A33BytePngClaimingTwoGigapixelsWithinTheSideLimitIsRefusedByItsPixelCount()
    {
        var error = Assert.Throws<ImageTooLargeException>(() => Bicubic.Upscale(new MemoryStream(PngHeaderOnly(50_000, 40_000)), new MemoryStream()));
        Assert.That(error!.Message, Does.Contain("2,000,000,000 pixels exceed the 50,000,000-pixel input limit (MaxInputPixels)"));
    }

    [Test]
    public void TheResolversLimitsApplyToTheStreamApi()
    {
        var small = new InterpolationResolver(InterpolationMethod.Bicubic, 4) { Limits = new SuperResLimits { MaxOutputPixels = 1000 } };
        using var image = new MemoryStream();
        using (var picture = new Image<Rgb24>(8, 8))
        {
            picture.SaveAsPng(image);
        }

        image.Position = 0;

        // 8 x 8 upscaled by 4 is 32 x 32 = 1,024 pixels, 24 more than allowed.
        var error = Assert.Throws<ImageTooLargeException>(() => small.Upscale(image, new MemoryStream()));
        Assert.That(error!.Message, Does.Contain("32x32").And.Contain("1,024 pixels").And.Contain("1,000-pixel output limit"));
    }

    [Test]
    public void AZeroWidthPngIsCorruptContent()
    {
        Assert.That(() => Bicubic.Upscale(new MemoryStream(PngHeaderOnly(0, 10)), new MemoryStream()), Throws.InstanceOf<InvalidImageContentException>());
    }

    [Test]
    public void AChunkLengthPastTheEndIsRefusedBeforeImageSharpSearchesForever()
    {
        var png = ValidPng();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(png.Length - 12), uint.MaxValue);
        var error = Assert.Throws<InvalidImageContentException>(() => Bicubic.Upscale(new MemoryStream(png), new MemoryStream()));
        Assert.That(error!.Message, Does.Contain("'IEND'").And.Contain("claims 4294967295 bytes"));
    }

    [Test]
    public void AnInterlacedPngIsRefusedBecauseImageSharp21CanHangOnIt()
    {
        using var png = new MemoryStream();
        using (var image = new Image<Rgb24>(4, 4))
        {
            // ImageSharp 2.1 writes this valid file, then never returns from decoding it.
            image.SaveAsPng(png, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 });
        }

        png.Position = 0;
        Assert.That(() => Bicubic.Upscale(png, new MemoryStream()), Throws.TypeOf<NotSupportedException>().With.Message.Contains("interlaced"));
    }

    [Test]
    public void ABmpWhosePixelsStartPastTheEndIsRefusedBeforeImageSharpAllocatesTheGap()
    {
        using var bmp = new MemoryStream();
        using (var image = new Image<Rgb24>(4, 4))
        {
            image.SaveAsBmp(bmp);
        }

        var bytes = bmp.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 2_000_000_000);
        Assert.That(() => Bicubic.Upscale(new MemoryStream(bytes), new MemoryStream()), Throws.TypeOf<InvalidImageContentException>().With.Message.Contains("offset 2000000000"));
    }

    [TestCase("png")]
    [TestCase("bmp")]
    [TestCase("gif")]
    [TestCase("jpg")]
    [TestCase("webp")]
    public void AFileCutShortIsRefusedWhereImageSharpWouldFillTheMissingPixels(string extension)
    {
        using var file = new MemoryStream();
        using (var image = new Image<Rgb24>(40, 30))
        {
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgb24((byte)(x * 6), (byte)(y * 8), (byte)(x * y));
                    }
                }
            });
            image.Save(file, Configuration.Default.ImageFormatsManager.FindEncoder(Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(extension)!)!);
        }

        var whole = file.ToArray();
        Assert.That(() => Bicubic.Upscale(new MemoryStream(whole), new MemoryStream()), Throws.Nothing, "the whole file upscales");
        Assert.That(() => Bicubic.Upscale(new MemoryStream(whole[..^2]), new MemoryStream()), Throws.TypeOf<InvalidImageContentException>().With.Message.Contains("truncated"));

        // Cut inside a header or segment, ImageSharp's own decoder may be the one to say so.
        for (var cut = whole.Length - 2; cut > whole.Length / 2; cut -= 97)
        {
            var output = new MemoryStream();
            Assert.That(() => Bicubic.Upscale(new MemoryStream(whole[..cut]), output), Throws.TypeOf<InvalidImageContentException>(), $"cut at {cut} of {whole.Length}");
            Assert.That(output.Length, Is.Zero);
        }
    }

    [Test]
    public void APngCutBetweenChunksBeforeIendIsRefused()
    {
        // IEND is the last 12 bytes; without them every chunk is whole, and the file still ends early.
        var png = ValidPng();

        Assert.That(() => Bicubic.Upscale(new MemoryStream(png[..^12]), new MemoryStream()), Throws.TypeOf<InvalidImageContentException>().With.Message.Contains("without its IEND chunk"));
    }

    [Test]
    public void AStreamThatCannotSeekIsBufferedUpToTheByteLimitAndNoFurther()
    {
        var png = ValidPng();
        using var output = new MemoryStream();
        var tight = new InterpolationResolver(InterpolationMethod.Bicubic, 2) { Limits = new SuperResLimits { MaxBufferedInputBytes = png.Length - 1 } };
        var error = Assert.Throws<ImageTooLargeException>(() => tight.Upscale(new ForwardOnlyStream(png), output));
        Assert.That(error!.Message, Does.Contain($"more than the {png.Length - 1}-byte limit (MaxBufferedInputBytes)"));
        Assert.That(output.Length, Is.Zero);

        var exact = new InterpolationResolver(InterpolationMethod.Bicubic, 2) { Limits = new SuperResLimits { MaxBufferedInputBytes = png.Length } };
        exact.Upscale(new ForwardOnlyStream(png), output);
        output.Position = 0;
        using var upscaled = Image.Load(output);
        Assert.That((upscaled.Width, upscaled.Height), Is.EqualTo((6, 6)));

        // A stream that can seek is read in place, so the limit on buffering does not apply to it.
        Assert.That(() => tight.Upscale(new MemoryStream(png), new MemoryStream()), Throws.Nothing);
    }

    [Test]
    public void AnEndlessStreamThatCannotSeekIsRefusedOnceItPassesTheByteLimit()
    {
        var resolver = new InterpolationResolver(InterpolationMethod.Bicubic, 2) { Limits = new SuperResLimits { MaxBufferedInputBytes = 1 << 20 } };
        var endless = ForwardOnlyStream.Endless();
        Assert.That(() => resolver.Upscale(endless, new MemoryStream()), Throws.TypeOf<ImageTooLargeException>().With.Message.Contains("1,048,576-byte limit"));
        Assert.That(endless.BytesRead, Is.InRange((1 << 20) + 1, 2 << 20), "read one chunk past the limit, not on without end");
    }

    [Test]
    public void AlphaOnlyPixelsAreNotSupported()
    {
        using var image = new Image<A8>(3, 3);
        Assert.That(() => Bicubic.Upscale(image), Throws.TypeOf<NotSupportedException>().With.Message.Contains("A8"));
    }

    /// <summary>The PNG signature and an IHDR chunk (8-bit RGB) stating the size, with a correct CRC, and nothing else.</summary>
    internal static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new byte[33];
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(png);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8;
        png[25] = 2;
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.Compute(png.AsSpan(12, 17)));
        return png;
    }

    private static byte[] ValidPng()
    {
        using var stream = new MemoryStream();
        using (var image = new Image<Rgb24>(3, 3))
        {
            image.SaveAsPng(stream);
        }

        return stream.ToArray();
    }
}
