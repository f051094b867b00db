using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes;

/// <summary>Stream and file conveniences for any <see cref="ISuperResolver"/>.</summary>
public static class SuperResolverExtensions
{
    /// <summary>
    /// Decodes an image from <paramref name="input"/>, upscales it in the pixel type that matches the file
    /// (grey or colour, alpha or not, 8 or 16 bits) and encodes the result to <paramref name="output"/> in the
    /// input's format.
    /// </summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="input">A readable stream holding an image in a format ImageSharp decodes, from its current position.</param>
    /// <param name="output">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the upscale.</param>
    /// <returns>The format that was read and written.</returns>
    /// <exception cref="InvalidImageContentException">The input is corrupt or truncated, or its header states a zero size.</exception>
    /// <exception cref="UnknownImageFormatException">The input is not an image format ImageSharp knows.</exception>
    /// <exception cref="ImageFormatException">Another decoding error; the base of the two above.</exception>
    /// <exception cref="ImageTooLargeException">The size stated in the header, or the upscale, exceeds the resolver's <see cref="ISuperResolver.Limits"/>; checked before decoding. Or <paramref name="input"/> cannot seek and holds more than <see cref="SuperResLimits.MaxBufferedInputBytes"/>.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode (interlaced PNG among them) or encode.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IImageFormat Upscale(this ISuperResolver resolver, Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using Stream seekable = input.CanSeek ? new NonClosingStream(input) : resolver.Limits.Buffer(input);
        var start = seekable.Position;
        var format = Image.DetectFormat(seekable) ?? throw new UnknownImageFormatException("The input is not in an image format that ImageSharp 2.1 recognises.");
        seekable.Position = start;
        Write(resolver, seekable, output, format, format, cancellationToken);
        return format;
    }

    /// <summary>
    /// Upscales the image file <paramref name="inputPath"/> into <paramref name="outputPath"/>. The output format
    /// follows the output's extension where ImageSharp knows it, else the input's format. The file is written
    /// through a temporary file and a rename, so it is either complete or absent.
    /// </summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="inputPath">The image to read.</param>
    /// <param name="outputPath">Where to write the result.</param>
    /// <param name="overwrite">Replace an existing <paramref name="outputPath"/>; when false an existing file is an error.</param>
    /// <param name="cancellationToken">Cancels the upscale; no output file is left behind.</param>
    /// <exception cref="IOException"><paramref name="outputPath"/> exists and <paramref name="overwrite"/> is false, or is a folder, or the files cannot be read or written.</exception>
    /// <exception cref="ImageFormatException">The input is not an image, or is corrupt or truncated; the message names <paramref name="inputPath"/>.</exception>
    /// <exception cref="ImageTooLargeException">The input or its upscale exceeds the resolver's <see cref="ISuperResolver.Limits"/>; the message names <paramref name="inputPath"/>.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode or encode; the message names <paramref name="inputPath"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static void UpscaleFile(this ISuperResolver resolver, string inputPath, string outputPath, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (Directory.Exists(outputPath))
        {
            throw new IOException($"'{outputPath}' is a folder; name the output file.");
        }

        if (!overwrite && File.Exists(outputPath))
        {
            throw new IOException($"'{outputPath}' already exists; pass overwrite: true to replace it.");
        }

        using var input = File.OpenRead(inputPath);
        var inputFormat = Image.DetectFormat(input) ?? throw new UnknownImageFormatException($"'{inputPath}' is not in an image format that ImageSharp 2.1 recognises.");
        input.Position = 0;
        var extension = Path.GetExtension(outputPath).TrimStart('.');
        var outputFormat = (extension.Length == 0 ? null : Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(extension)) ?? inputFormat;

        AtomicFile.Write(
            outputPath,
            output => UntrustedImageFile.Named(inputPath, () => Write(resolver, input, output, inputFormat, outputFormat, cancellationToken)),
            overwrite);
    }

    /// <summary>
    /// Decodes <paramref name="input"/> as <paramref name="inputFormat"/> in the pixel type it holds (grey or colour,
    /// alpha or not, 8 or 16 bits) and encodes the upscale as <paramref name="outputFormat"/>, with the input's PNG or
    /// JPEG settings where the two formats are the same, and with alpha where BMP or TGA can hold it.
    /// </summary>
    private static void Write(ISuperResolver resolver, Stream input, Stream output, IImageFormat inputFormat, IImageFormat outputFormat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var start = input.Position;
        var info = LimitedDecoding.Identify(input, inputFormat, resolver.Limits, resolver.Scale);
        input.Position = start;
        var png = info.Metadata.GetPngMetadata();
        var isPng = inputFormat == PngFormat.Instance;
        var isJpeg = inputFormat == JpegFormat.Instance;

        // PNG and JPEG headers say what the pixels are; other formats' headers, as ImageSharp 2.1 reports them, do not
        // (a 32-bit BMP or TGA reports no alpha), so those are decoded at 16 bits with alpha and their pixels tell.
        using var wide = isPng || isJpeg ? null : LimitedDecoding.Load<Rgba64>(input, inputFormat, resolver.Limits);
        var (grey, alpha, sixteenBit) = wide is not null ? PixelsHeld(wide)
            : isPng ? (png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha,
                png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha or PngColorType.Palette || png.HasTransparency,
                png.BitDepth == PngBitDepth.Bit16)
            : (info.PixelType.BitsPerPixel == 8, false, false);

        var encoder = (outputFormat, alpha) switch
        {
            (PngFormat, _) when isPng => PngEncoderKeeping(png, grey, alpha, sixteenBit),
            (JpegFormat, _) when isJpeg => new JpegEncoder { Quality = info.Metadata.GetJpegMetadata().Quality },
            (BmpFormat, true) => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32, SupportTransparency = true },
            (TgaFormat, true) => new TgaEncoder { BitsPerPixel = TgaBitsPerPixel.Pixel32 },
            _ => Configuration.Default.ImageFormatsManager.FindEncoder(outputFormat)
                ?? throw new NotSupportedException($"ImageSharp 2.1 cannot write {outputFormat.Name}."),
        };
        var source = new Source(input, inputFormat, wide);
        switch (grey, alpha, sixteenBit)
        {
            case (true, false, false): Upscale<L8>(resolver, source, output, encoder, cancellationToken); break;
            case (true, false, true): Upscale<L16>(resolver, source, output, encoder, cancellationToken); break;
            case (true, true, false): Upscale<La16>(resolver, source, output, encoder, cancellationToken); break;
            case (true, true, true): Upscale<La32>(resolver, source, output, encoder, cancellationToken); break;
            case (false, false, false): Upscale<Rgb24>(resolver, source, output, encoder, cancellationToken); break;
            case (false, false, true): Upscale<Rgb48>(resolver, source, output, encoder, cancellationToken); break;
            case (false, true, false): Upscale<Rgba32>(resolver, source, output, encoder, cancellationToken); break;
            case (false, true, true): Upscale<Rgba64>(resolver, source, output, encoder, cancellationToken); break;
        }
    }

    /// <summary>
    /// The input's PNG colour type and bit depth, except where a palette or a <c>tRNS</c> transparent colour cannot
    /// hold the upscale: resampling makes new colours and partial alpha, so those become a full colour or alpha channel.
    /// </summary>
    private static PngEncoder PngEncoderKeeping(PngMetadata png, bool grey, bool alpha, bool sixteenBit)
    {
        var colorType = (grey, alpha) switch
        {
            (true, false) => PngColorType.Grayscale,
            (true, true) => PngColorType.GrayscaleWithAlpha,
            (false, false) => PngColorType.Rgb,
            (false, true) => PngColorType.RgbWithAlpha,
        };
        var bitDepth = colorType == png.ColorType ? png.BitDepth : sixteenBit ? PngBitDepth.Bit16 : PngBitDepth.Bit8;
        return new PngEncoder { ColorType = colorType, BitDepth = bitDepth };
    }

    /// <summary>Whether every pixel is grey, whether any is not opaque, and whether any channel needs more than 8 bits.</summary>
    private static (bool Grey, bool Alpha, bool SixteenBit) PixelsHeld(Image<Rgba64> image)
    {
        var (grey, alpha, sixteenBit) = (true, false, false);
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                foreach (var pixel in accessor.GetRowSpan(y))
                {
                    grey &= pixel.R == pixel.G && pixel.G == pixel.B;
                    alpha |= pixel.A != ushort.MaxValue;

                    // An 8-bit value v widens to v x 257.
                    sixteenBit |= pixel.R % 257 != 0 || pixel.G % 257 != 0 || pixel.B % 257 != 0 || pixel.A % 257 != 0;
                }
            }
        });
        return (grey, alpha, sixteenBit);
    }

    private static void Upscale<TPixel>(ISuperResolver resolver, Source source, Stream output, IImageEncoder encoder, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = source.Decoded?.CloneAs<TPixel>() ?? LimitedDecoding.Load<TPixel>(source.Input, source.Format, resolver.Limits);
        using var result = resolver.Upscale(image, cancellationToken);
        result.Save(output, encoder);
    }

    /// <summary>The input: its stream and format, and the image when it has been decoded already.</summary>
    private sealed record Source(Stream Input, IImageFormat Format, Image<Rgba64>? Decoded);

    /// <summary>Lets a caller's stream be wrapped in a using block without being closed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
