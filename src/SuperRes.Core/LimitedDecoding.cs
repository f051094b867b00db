using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
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
    /// <exception cref="InvalidImageContentException">The header is corrupt, or states a zero size, or the data ends early.</exception>
    /// <exception cref="ImageTooLargeException">The stated size exceeds the limits.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode.</exception>
    public static IImageInfo Identify(Stream input, IImageFormat format, SuperResLimits limits, int scale)
    {
        // What would hang ImageSharp or make it allocate is refused before it reads the header.
        var start = input.Position;
        var pngEnds = format is not PngFormat || EnsurePngDecodable(input);
        if (format is BmpFormat)
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

        // A file cut short, which ImageSharp 2.1 decodes with the missing pixels filled in, is refused after the
        // size check, so that a header claiming too much is named as such.
        input.Position = start;
        switch (format)
        {
            case PngFormat when !pngEnds:
                throw new InvalidImageContentException($"The PNG data ends at byte {input.Length - start} without its IEND chunk: the file is truncated.");
            case BmpFormat: EnsureBmpRowsInside(input); break;
            case GifFormat: EnsureGifFirstFrameComplete(input); break;
            case JpegFormat: EnsureJpegEnds(input); break;
            case WebpFormat: EnsureWebpRiffComplete(input); break;
        }

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
    /// Refuses an uncompressed BMP whose rows end past the end of the file, which ImageSharp 2.1 decodes without
    /// complaint, the missing rows black.
    /// </summary>
    /// <exception cref="InvalidImageContentException">The last row ends beyond the data.</exception>
    private static void EnsureBmpRowsInside(Stream input)
    {
        var start = input.Position;
        var fileLength = input.Length - start;
        Span<byte> headers = stackalloc byte[14 + 40];
        var read = input.ReadAtLeast(headers, headers.Length, throwOnEndOfStream: false);
        input.Position = start;
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(headers[10..]);

        // BITMAPINFOHEADER and its successors: width, height, bits per pixel and compression at 18, 22, 28 and 30.
        // Only uncompressed (BI_RGB) and bit-field (BI_BITFIELDS) pixels have a size the header fixes.
        var info = headers[14..];
        if (read < headers.Length || BinaryPrimitives.ReadUInt32LittleEndian(info) < 40)
        {
            return;
        }

        long width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
        var height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(info[8..]));
        long bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
        var compression = BinaryPrimitives.ReadUInt32LittleEndian(info[16..]);
        if (width < 1 || height < 1 || compression is not (0 or 3) || bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            return;
        }

        // Rows are padded to 4 bytes; the last row's padding may be missing without losing a pixel.
        var rowBytes = ((width * bitsPerPixel) + 31) / 32 * 4;
        var end = pixelOffset + (rowBytes * (height - 1)) + (((width * bitsPerPixel) + 7) / 8);
        if (end > fileLength)
        {
            throw new InvalidImageContentException($"The BMP's {width}x{height} pixels at {bitsPerPixel} bits end at byte {end}, beyond the {fileLength}-byte file: it is truncated.");
        }
    }

    /// <summary>
    /// Walks a GIF's blocks up to the end of its first image's pixel data and refuses a file that ends before it:
    /// ImageSharp 2.1 decodes such a file without complaint, the missing pixels transparent.
    /// </summary>
    /// <exception cref="InvalidImageContentException">The data ends before the first image's pixel data does, or holds no image.</exception>
    private static void EnsureGifFirstFrameComplete(Stream input)
    {
        var start = input.Position;
        var reader = new StructureReader(input, "GIF", "its first image or the blocks before it");
        reader.Skip(6 + 4);
        var screenFlags = reader.Byte();
        reader.Skip(2);
        SkipColourTable(screenFlags);
        while (true)
        {
            switch (reader.Byte())
            {
                case 0x21:
                    reader.Skip(1);
                    SkipSubBlocks();
                    break;
                case 0x2C:
                    reader.Skip(8);
                    SkipColourTable(reader.Byte());
                    reader.Skip(1);
                    SkipSubBlocks();
                    input.Position = start;
                    return;
                case var block:
                    throw new InvalidImageContentException($"The GIF has block 0x{block:X2} at offset {reader.Offset - 1} before any image: it holds no image or is corrupt.");
            }
        }

        // A packed-fields byte with bit 7 set announces a table of 3 x 2^(n + 1) bytes.
        void SkipColourTable(int flags)
        {
            if ((flags & 0x80) != 0)
            {
                reader.Skip(3 << ((flags & 0x07) + 1));
            }
        }

        // Data sub-blocks are a length byte and that many bytes each, up to an empty one.
        void SkipSubBlocks()
        {
            for (var length = reader.Byte(); length != 0; length = reader.Byte())
            {
                reader.Skip(length);
            }
        }
    }

    /// <summary>
    /// Walks a JPEG's marker segments to its first scan and refuses the file when no end-of-image marker follows:
    /// ImageSharp 2.1 decodes a JPEG cut short without complaint, the missing blocks grey. Where the segments do not
    /// parse, the decoder judges the file.
    /// </summary>
    /// <exception cref="InvalidImageContentException">The data ends inside the segments or before the end-of-image marker.</exception>
    private static void EnsureJpegEnds(Stream input)
    {
        var start = input.Position;
        var reader = new StructureReader(input, "JPEG", "the segments before its image data");
        reader.Skip(2);
        while (true)
        {
            if (reader.Byte() != 0xFF)
            {
                input.Position = start;
                return;
            }

            var marker = reader.Byte();
            while (marker == 0xFF)
            {
                marker = reader.Byte();
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            var length = marker == 0xD9 ? 0 : (reader.Byte() << 8) | reader.Byte();
            if (length < 2)
            {
                input.Position = start;
                return;
            }

            reader.Skip(length - 2);
            if (marker == 0xDA)
            {
                break;
            }
        }

        // The scans escape every 0xFF byte of their data as FF 00, so FF D9 after the first scan's header is the marker.
        var buffer = new byte[1 << 16];
        var previous = 0;
        for (var read = input.Read(buffer); read > 0; read = input.Read(buffer))
        {
            for (var i = 0; i < read; i++)
            {
                if (previous == 0xFF && buffer[i] == 0xD9)
                {
                    input.Position = start;
                    return;
                }

                previous = buffer[i];
            }
        }

        throw new InvalidImageContentException($"The JPEG data ends at byte {input.Length - start} without the end-of-image marker: the file is truncated.");
    }

    /// <summary>
    /// Refuses a WebP file shorter than its RIFF header says: ImageSharp 2.1 decodes one cut short without complaint.
    /// </summary>
    /// <exception cref="InvalidImageContentException">The file ends before the RIFF container does.</exception>
    private static void EnsureWebpRiffComplete(Stream input)
    {
        var start = input.Position;
        Span<byte> header = stackalloc byte[8];
        var read = input.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        input.Position = start;
        var length = input.Length - start;
        var riffEnd = read < header.Length ? long.MaxValue : 8L + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (riffEnd > length)
        {
            throw new InvalidImageContentException($"The WebP's RIFF header gives {(read < header.Length ? "no size" : $"{riffEnd} bytes")}, but the file has {length}: it is truncated.");
        }
    }

    /// <summary>Reads a file's structure byte by byte, naming the format and the part where its data ends early.</summary>
    private sealed class StructureReader(Stream input, string format, string part)
    {
        private readonly long _start = input.Position;

        /// <summary>Gets the position from the start of the image data.</summary>
        public long Offset => input.Position - _start;

        public int Byte()
        {
            var value = input.ReadByte();
            return value >= 0 ? value : throw Truncated();
        }

        public void Skip(long count)
        {
            if (input.Position + count > input.Length)
            {
                throw Truncated();
            }

            input.Position += count;
        }

        private InvalidImageContentException Truncated() =>
            new($"The {format} data ends at byte {input.Length - _start}, inside {part}: the file is truncated.");
    }

    /// <summary>
    /// Walks the PNG chunks up to IEND and refuses the two kinds of file that send ImageSharp 2.1's decoder into
    /// an endless loop (both found by fuzzing): a chunk whose length runs past the end of the data, after which it
    /// searches onwards byte by byte for a plausible chunk, and Adam7 interlacing, whose decoder never returns
    /// when the pixel data runs out early or a pass is empty (valid 1x1, 2x2, 4x4 and 1x9 images among them).
    /// </summary>
    /// <returns>Whether the chunks reach IEND: a file that ends between chunks before it, which ImageSharp 2.1 decodes
    /// with the pixels of any missing IDAT chunks filled in, is cut short.</returns>
    /// <exception cref="InvalidImageContentException">A chunk runs past the end of the data.</exception>
    /// <exception cref="NotSupportedException">The image is interlaced.</exception>
    private static bool EnsurePngDecodable(Stream input)
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
                input.Position = start;
                return true;
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
        return false;
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
