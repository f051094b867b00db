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
    public static ImagePair Create(PlanarImage highResolution, int scale)
    {
        ArgumentNullException.ThrowIfNull(highResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int width = highResolution.Width - (highResolution.Width % scale), height = highResolution.Height - (highResolution.Height % scale);
        if (width == 0 || height == 0)
        {
            throw new ArgumentException($"A {highResolution.Width}x{highResolution.Height} image is smaller than the scale factor {scale}.", nameof(highResolution));
        }

        var cropped = width == highResolution.Width && height == highResolution.Height ? highResolution : highResolution.Crop(0, 0, width, height);
        return new ImagePair(cropped, cropped.Resize(1.0 / scale, InterpolationMethod.Bicubic), scale);
    }
}
