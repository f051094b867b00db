using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
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
    /// <param name="input">A readable stream holding an image in a format ImageSharp decodes.</param>
    /// <param name="output">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the upscale.</param>
    /// <returns>The format that was read and written.</returns>
    /// <exception cref="InvalidImageContentException">The input is corrupt or truncated, or its header states a zero size.</exception>
    /// <exception cref="UnknownImageFormatException">The input is not an image format ImageSharp knows.</exception>
    /// <exception cref="ImageFormatException">Another decoding error; the base of the two above.</exception>
    /// <exception cref="ImageTooLargeException">The size stated in the header, or the upscale, exceeds the resolver's <see cref="ISuperResolver.Limits"/>; checked before decoding.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode (interlaced PNG among them) or encode.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IImageFormat Upscale(this ISuperResolver resolver, Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var seekable = Seekable(input);
        var format = Image.DetectFormat(seekable) ?? throw new UnknownImageFormatException("The input is not in an image format that ImageSharp 2.1 recognises.");
        seekable.Position = 0;
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
    /// <exception cref="IOException"><paramref name="outputPath"/> exists and <paramref name="overwrite"/> is false, or the files cannot be read or written.</exception>
    /// <exception cref="ImageFormatException">The input is not an image, or is corrupt or truncated; the message names <paramref name="inputPath"/>.</exception>
    /// <exception cref="ImageTooLargeException">The input or its upscale exceeds the resolver's <see cref="ISuperResolver.Limits"/>; the message names <paramref name="inputPath"/>.</exception>
    /// <exception cref="NotSupportedException">The image uses a variant of its format that ImageSharp 2.1 cannot decode or encode.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static void UpscaleFile(this ISuperResolver resolver, string inputPath, string outputPath, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (!overwrite && File.Exists(outputPath))
        {
            throw new IOException($"'{outputPath}' already exists; pass overwrite: true to replace it.");
        }

        using var input = File.OpenRead(inputPath);
        var inputFormat = Image.DetectFormat(input) ?? throw new UnknownImageFormatException($"'{inputPath}' is not in an image format that ImageSharp 2.1 recognises.");
        input.Position = 0;
        var outputFormat = Configuration.Default.ImageFormatsManager.FindFormatByFileExtension(Path.GetExtension(outputPath).TrimStart('.')) ?? inputFormat;

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                try
                {
                    Write(resolver, input, output, inputFormat, outputFormat, cancellationToken);
                }
                catch (Exception e) when (e is ImageFormatException or ImageTooLargeException)
                {
                    throw NamingTheFile(e, inputPath);
                }

                // On disk before the rename, so that a power cut cannot leave the name on an empty file.
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, outputPath, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Returns an exception of the same kind as <paramref name="error"/> whose message starts with the file's path.</summary>
    private static Exception NamingTheFile(Exception error, string path)
    {
        var message = $"'{path}': {error.Message}";
        return error switch
        {
            ImageTooLargeException tooLarge => new ImageTooLargeException(tooLarge.Width, tooLarge.Height, message),
            UnknownImageFormatException => new UnknownImageFormatException(message),
            _ => new InvalidImageContentException(message, error),
        };
    }

    private static Stream Seekable(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.CanSeek)
        {
            return new NonClosingStream(input);
        }

        var buffer = new MemoryStream();
        input.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// Decodes <paramref name="input"/> as <paramref name="inputFormat"/> in the pixel type its header calls for and
    /// encodes the upscale as <paramref name="outputFormat"/>, with the input's PNG or JPEG settings where the two
    /// formats are the same.
    /// </summary>
    private static void Write(ISuperResolver resolver, Stream input, Stream output, IImageFormat inputFormat, IImageFormat outputFormat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var start = input.Position;
        var info = LimitedDecoding.Identify(input, inputFormat, resolver.Limits, resolver.Scale);
        input.Position = start;
        var png = info.Metadata.GetPngMetadata();
        var isPng = inputFormat == PngFormat.Instance;
        var sixteenBit = isPng && png.BitDepth == PngBitDepth.Bit16;
        var encoder = Configuration.Default.ImageFormatsManager.FindEncoder(outputFormat)
            ?? throw new NotSupportedException($"ImageSharp 2.1 cannot write {outputFormat.Name}.");
        if (isPng && outputFormat == PngFormat.Instance)
        {
            encoder = new PngEncoder { ColorType = png.ColorType == PngColorType.Palette ? PngColorType.RgbWithAlpha : png.ColorType, BitDepth = png.BitDepth };
        }
        else if (inputFormat == JpegFormat.Instance && outputFormat == JpegFormat.Instance)
        {
            encoder = new JpegEncoder { Quality = info.Metadata.GetJpegMetadata().Quality };
        }

        var grey = isPng ? png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha
            : inputFormat == JpegFormat.Instance && info.PixelType.BitsPerPixel == 8;
        var alpha = isPng ? png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha or PngColorType.Palette
            : info.PixelType.AlphaRepresentation is { } representation && representation != PixelAlphaRepresentation.None;
        switch (grey, alpha, sixteenBit)
        {
            case (true, false, false): Upscale<L8>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (true, false, true): Upscale<L16>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (true, true, false): Upscale<La16>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (true, true, true): Upscale<La32>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (false, false, false): Upscale<Rgb24>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (false, false, true): Upscale<Rgb48>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (false, true, false): Upscale<Rgba32>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
            case (false, true, true): Upscale<Rgba64>(resolver, input, output, inputFormat, encoder, cancellationToken); break;
        }
    }

    private static void Upscale<TPixel>(ISuperResolver resolver, Stream input, Stream output, IImageFormat format, IImageEncoder encoder, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = LimitedDecoding.Load<TPixel>(input, format, resolver.Limits);
        using var result = resolver.Upscale(image, cancellationToken);
        result.Save(output, encoder);
    }

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
