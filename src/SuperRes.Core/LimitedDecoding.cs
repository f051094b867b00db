using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes;

/// <summary>
/// Decodes untrusted image data within <see cref="SuperResLimits"/>: the header is read and its size checked
/// before any pixel buffer exists, and the decoder's allocator refuses any single buffer larger than the
/// largest accepted image could need, so that a corrupt header elsewhere in the file cannot claim gigabytes either.
/// </summary>
internal static class LimitedDecoding
{
    // The widest pixel a decoder holds: Vector4 rows in the JPEG and PNG colour converters.
    private const long BytesPerPixel = 16;

    // One ImageSharp configuration (and pooling allocator) per distinct allocation limit: allocators are costly to create.
    private static readonly ConcurrentDictionary<int, Configuration> Configurations = new();

    // Only the first frame is upscaled, so animated GIFs and multi-page TIFFs decode no further.
    private static readonly GifDecoder FirstGifFrame = new() { DecodingMode = FrameDecodingMode.First };
    private static readonly TiffDecoder FirstTiffPage = new() { DecodingMode = FrameDecodingMode.First };

    /// <summary>Reads the header and checks that the image and its upscale by <paramref name="scale"/> are within <paramref name="limits"/>.</summary>
    /// <exception cref="UnknownImageFormatException">The data is in no format ImageSharp reads.</exception>
    /// <exception cref="InvalidImageContentException">The header is corrupt, or states a zero size.</exception>
    /// <exception cref="ImageTooLargeException">The stated size exceeds the limits.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode.</exception>
    public static IImageInfo Identify(Stream input, IImageFormat format, SuperResLimits limits, int scale)
    {
        if (format is PngFormat)
        {
            EnsurePngDecodable(input);
        }
        else if (format is BmpFormat)
        {
            EnsureBmpPixelsInside(input);
        }

        var info = Translated(format, () => Image.Identify(ConfigurationFor(limits), input))
            ?? throw new UnknownImageFormatException("The input is not in an image format that ImageSharp 2.1 recognises.");
        if (info.Width < 1 || info.Height < 1)
        {
            throw new InvalidImageContentException($"The header states a size of {info.Width}x{info.Height}; an image needs at least one pixel.");
        }

        limits.EnsureWithin(info.Width, info.Height, scale);
        return info;
    }

    /// <summary>Decodes the first frame of an image whose header <see cref="Identify"/> has accepted.</summary>
    /// <exception cref="InvalidImageContentException">The data is corrupt or truncated, or asks for a buffer beyond the limits.</exception>
    public static Image<TPixel> Load<TPixel>(Stream input, IImageFormat format, SuperResLimits limits)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var configuration = ConfigurationFor(limits);
        IImageDecoder decoder = format switch
        {
            GifFormat => FirstGifFrame,
            TiffFormat => FirstTiffPage,
            _ => configuration.ImageFormatsManager.FindDecoder(format),
        };
        return Translated(format, () => Image.Load<TPixel>(configuration, input, decoder));
    }

    /// <summary>
    /// Runs an ImageSharp call, turning the errors its 2.1 decoders let escape on some corrupt inputs into
    /// <see cref="InvalidImageContentException"/>, the error they throw for most. Fuzzing found all of these,
    /// null references and divisions by zero included (BMP palettes, JPEG scans); only ImageSharp code runs here.
    /// </summary>
    private static T Translated<T>(IImageFormat format, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidMemoryOperationException e)
        {
            throw new InvalidImageContentException($"Decoding the {format.Name} image needs a buffer beyond what an image within the limits could: the file is corrupt. {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or ArithmeticException or EndOfStreamException or NullReferenceException)
        {
            throw new InvalidImageContentException($"The {format.Name} image is corrupt: {e.Message}", e);
        }
    }

    /// <summary>
    /// Refuses a BMP whose pixel data would start past the end of the file: ImageSharp 2.1 allocates the gap
    /// before the pixels as a palette buffer, up to 2 GB, even to identify the image.
    /// </summary>
    /// <exception cref="InvalidImageContentException">The file header is truncated or its pixel offset lies beyond the data.</exception>
    private static void EnsureBmpPixelsInside(Stream input)
    {
        var start = input.Position;
        Span<byte> fileHeader = stackalloc byte[14];
        if (input.ReadAtLeast(fileHeader, fileHeader.Length, throwOnEndOfStream: false) < fileHeader.Length)
        {
            throw new InvalidImageContentException("The BMP data ends inside its 14-byte file header: the file is truncated.");
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(fileHeader[10..]);
        if (pixelOffset > input.Length - start)
        {
            throw new InvalidImageContentException($"The BMP header puts the pixels at offset {pixelOffset}, beyond the {input.Length - start}-byte file: it is truncated or corrupt.");
        }

        input.Position = start;
    }

    /// <summary>
    /// Walks the PNG chunks up to IEND and refuses the two kinds of file that send ImageSharp 2.1's decoder into
    /// an endless loop (both found by fuzzing): a chunk whose length runs past the end of the data, after which it
    /// searches onwards byte by byte for a plausible chunk, and Adam7 interlacing, whose decoder never returns
    /// when the pixel data runs out early or a pass is empty (valid 1x1, 2x2, 4x4 and 1x9 images among them).
    /// </summary>
    /// <exception cref="InvalidImageContentException">A chunk runs past the end of the data.</exception>
    /// <exception cref="NotSupportedException">The image is interlaced.</exception>
    private static void EnsurePngDecodable(Stream input)
    {
        var start = input.Position;
        Span<byte> header = stackalloc byte[13];
        input.Position = start + 8;
        while (input.Position < input.Length)
        {
            var offset = input.Position - start;
            if (input.ReadAtLeast(header[..8], 8, throwOnEndOfStream: false) < 8)
            {
                throw new InvalidImageContentException($"The PNG data ends inside the chunk header at offset {offset}: the file is truncated.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header[4..8]);
            var remaining = input.Length - input.Position;
            if (length > int.MaxValue || length + 4L > remaining)
            {
                throw new InvalidImageContentException($"PNG chunk '{type}' at offset {offset} claims {length} bytes of data, but only {Math.Max(remaining - 4, 0)} remain: the file is truncated or corrupt.");
            }

            if (type == "IEND")
            {
                break;
            }

            if (type == "IHDR" && length == 13)
            {
                input.ReadExactly(header);
                if (header[12] != 0)
                {
                    throw new NotSupportedException(
                        "The PNG is interlaced; ImageSharp 2.1's decoder can hang on interlaced PNGs, so they are refused. Save the image without interlacing.");
                }

                length -= 13;
            }

            input.Position += length + 4;
        }

        input.Position = start;
    }

    private static Configuration ConfigurationFor(SuperResLimits limits)
    {
        var megabytes = (int)Math.Clamp(limits.MaxInputPixels * (double)BytesPerPixel / (1 << 20), 16, int.MaxValue);
        return Configurations.GetOrAdd(megabytes, static limit =>
        {
            var configuration = Configuration.Default.Clone();
            configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = limit });
            return configuration;
        });
    }
}
