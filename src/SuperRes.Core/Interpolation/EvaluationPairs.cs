using SuperRes.Imaging;

namespace SuperRes.Interpolation;

/// <summary>A high-resolution image and the low-resolution image made from it.</summary>
/// <param name="HighResolution">The HR image, cropped so that each side is a multiple of <paramref name="Scale"/>.</param>
/// <param name="LowResolution">The LR image, exactly 1 / <paramref name="Scale"/> of the HR size.</param>
/// <param name="Scale">The integer scale factor.</param>
public sealed record ImagePair(PlanarImage HighResolution, PlanarImage LowResolution, int Scale);

/// <summary>Builds LR/HR pairs as the super-resolution benchmarks do.</summary>
public static class EvaluationPairs
{
    /// <summary>
    /// Crops <paramref name="highResolution"/> to a multiple of <paramref name="scale"/> (MATLAB's <c>modcrop</c>,
    /// keeping the top-left) and downscales it with MATLAB's antialiased bicubic <c>imresize(hr, 1/scale)</c>,
    /// rounding to the image's levels after each pass: the exact pairs of the papers' tables.
    /// </summary>
    /// <param name="highResolution">The HR image.</param>
    /// <param name="scale">The integer scale factor, 1 or more.</param>
    /// <returns>The pair.</returns>
    public static ImagePair Create(PlanarImage highResolution, int scale) =>
        Create(highResolution, scale, cropped => cropped.Resize(1.0 / scale, InterpolationMethod.Bicubic));

    /// <summary>
    /// Crops <paramref name="highResolution"/> to a multiple of <paramref name="scale"/> as the protocol does and
    /// makes the LR image with <paramref name="degrade"/> instead of MATLAB's bicubic: pairs for a model trained
    /// on another degradation (a blur, noise, JPEG).
    /// </summary>
    /// <param name="highResolution">The HR image.</param>
    /// <param name="scale">The integer scale factor, 1 or more.</param>
    /// <param name="degrade">Makes the LR image from the cropped HR image; it must be exactly 1 / <paramref name="scale"/> of its size.</param>
    /// <returns>The pair.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="degrade"/> returned an image of another size.</exception>
    public static ImagePair Create(PlanarImage highResolution, int scale, Func<PlanarImage, PlanarImage> degrade)
    {
        ArgumentNullException.ThrowIfNull(highResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentNullException.ThrowIfNull(degrade);
        int width = highResolution.Width - (highResolution.Width % scale), height = highResolution.Height - (highResolution.Height % scale);
        if (width == 0 || height == 0)
        {
            throw new ArgumentException($"A {highResolution.Width}x{highResolution.Height} image is smaller than the scale factor {scale}.", nameof(highResolution));
        }

        var cropped = width == highResolution.Width && height == highResolution.Height ? highResolution : highResolution.Crop(0, 0, width, height);
        var lowResolution = degrade(cropped);
        if (lowResolution.Width != width / scale || lowResolution.Height != height / scale)
        {
            throw new InvalidOperationException($"The degradation made {lowResolution.Width}x{lowResolution.Height} from {width}x{height}; x{scale} needs {width / scale}x{height / scale}.");
        }

        return new ImagePair(cropped, lowResolution, scale);
    }
}
