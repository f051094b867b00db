using System.Globalization;

namespace SuperRes;

/// <summary>
/// The largest images a resolver accepts, checked before anything image-sized is allocated, so that a small
/// hostile file claiming enormous dimensions fails at once with an <see cref="ImageTooLargeException"/>
/// instead of exhausting memory. The defaults suit a server: 50 megapixels in, 200 megapixels out, no side
/// longer than 65,535 pixels, and at most 1 GiB read from an input stream that cannot seek.
/// </summary>
public sealed record SuperResLimits
{
    private readonly long _maxInputPixels = 50_000_000;
    private readonly long _maxOutputPixels = 200_000_000;
    private readonly int _maxDimension = 65_535;
    private readonly long _maxBufferedInputBytes = 1L << 30;

    /// <summary>Gets the default limits.</summary>
    public static SuperResLimits Default { get; } = new();

    /// <summary>Gets the most pixels (width times height) an input image may have; 50,000,000 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public long MaxInputPixels { get => _maxInputPixels; init => _maxInputPixels = Positive(value); }

    /// <summary>Gets the most pixels an upscaled image may have; 200,000,000 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public long MaxOutputPixels { get => _maxOutputPixels; init => _maxOutputPixels = Positive(value); }

    /// <summary>
    /// Gets the longest side, in pixels, of an input or upscaled image; 65,535 by default (the most a JPEG
    /// or GIF header can state).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public int MaxDimension { get => _maxDimension; init => _maxDimension = (int)Positive(value); }

    /// <summary>
    /// Gets the most bytes read from an input stream that cannot seek (a network stream, a pipe), which is held in
    /// memory whole before its header can be checked; 1,073,741,824 (1 GiB) by default, above what any image within
    /// the default pixel limits takes in a format ImageSharp 2.1 reads (a 50-megapixel 16-bit RGBA PNG stored
    /// uncompressed takes 400 MB). A stream that can seek is read in place and not bounded by this limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public long MaxBufferedInputBytes { get => _maxBufferedInputBytes; init => _maxBufferedInputBytes = Positive(value); }

    /// <summary>Checks that an input of <paramref name="width"/> x <paramref name="height"/> and its upscale by <paramref name="scale"/> are within the limits.</summary>
    /// <param name="width">The input width.</param>
    /// <param name="height">The input height.</param>
    /// <param name="scale">The enlargement factor, at least 1.</param>
    /// <exception cref="ImageTooLargeException">The input or the output exceeds a limit; the message names the size and the limit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
    public void EnsureWithin(int width, int height, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (Math.Max(width, height) > MaxDimension)
        {
            throw Exceeded(width, height, $"the input's longer side exceeds the {N(MaxDimension)}-pixel limit ({nameof(MaxDimension)})");
        }

        if ((long)width * height > MaxInputPixels)
        {
            throw Exceeded(width, height, $"its {N((long)width * height)} pixels exceed the {N(MaxInputPixels)}-pixel input limit ({nameof(MaxInputPixels)})");
        }

        // Each output side fits in a long; once both are within MaxDimension (an int), so does their product.
        long outputWidth = (long)width * scale, outputHeight = (long)height * scale;
        if (Math.Max(outputWidth, outputHeight) > MaxDimension)
        {
            throw Exceeded(width, height, $"upscaled by {scale} to {outputWidth}x{outputHeight}, its longer side would exceed the {N(MaxDimension)}-pixel limit ({nameof(MaxDimension)})");
        }

        if (outputWidth * outputHeight > MaxOutputPixels)
        {
            throw Exceeded(width, height, $"upscaled by {scale} to {outputWidth}x{outputHeight}, its {N(outputWidth * outputHeight)} pixels would exceed the {N(MaxOutputPixels)}-pixel output limit ({nameof(MaxOutputPixels)})");
        }
    }

    /// <summary>
    /// Copies <paramref name="input"/>, a stream that cannot seek, into memory, refusing it once it holds more than
    /// <see cref="MaxBufferedInputBytes"/> bytes.
    /// </summary>
    internal MemoryStream Buffer(Stream input)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        for (int read; (read = input.Read(chunk)) > 0;)
        {
            if (buffer.Length + read > MaxBufferedInputBytes)
            {
                buffer.Dispose();
                throw new ImageTooLargeException(
                    $"The input stream, which cannot seek and so is held in memory before its header is read, holds more than the {N(MaxBufferedInputBytes)}-byte limit ({nameof(MaxBufferedInputBytes)}). "
                    + $"Raise {nameof(SuperResLimits)}, or pass a stream that can seek.");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static ImageTooLargeException Exceeded(int width, int height, string reason) =>
        new(width, height, $"The image is {width}x{height}: {reason}. Raise {nameof(SuperResLimits)} if this size is intended.");

    private static string N<T>(T value)
        where T : IFormattable => value.ToString("N0", CultureInfo.InvariantCulture);

    private static long Positive(long value) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A limit must be at least 1.");
}
