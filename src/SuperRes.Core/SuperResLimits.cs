using System.Globalization;

namespace SuperRes;

/// <summary>
/// The largest images a resolver accepts, checked before anything image-sized is allocated, so that a small
/// hostile file claiming enormous dimensions fails at once with an <see cref="ImageTooLargeException"/>
/// instead of exhausting memory. The defaults suit a server: 50 megapixels in, 200 megapixels out, no side
/// longer than 65,535 pixels.
/// </summary>
public sealed record SuperResLimits
{
    private readonly long _maxInputPixels = 50_000_000;
    private readonly long _maxOutputPixels = 200_000_000;
    private readonly int _maxDimension = 65_535;

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

    private static ImageTooLargeException Exceeded(int width, int height, string reason) =>
        new(width, height, $"The image is {width}x{height}: {reason}. Raise {nameof(SuperResLimits)} if this size is intended.");

    private static string N<T>(T value)
        where T : IFormattable => value.ToString("N0", CultureInfo.InvariantCulture);

    private static long Positive(long value) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A limit must be at least 1.");
}
