using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes;

/// <summary>
/// Turns an image into one <see cref="Scale"/> times larger in each dimension.
/// </summary>
/// <remarks>
/// Implementations keep the pixel type of the input: alpha survives (upscaled by bicubic interpolation),
/// 16-bit images stay 16-bit and grey images stay grey. They are safe to call from several threads at once.
/// </remarks>
public interface ISuperResolver
{
    /// <summary>Gets the integer factor by which <see cref="Upscale{TPixel}"/> enlarges width and height.</summary>
    int Scale { get; }

    /// <summary>
    /// Gets the largest input and output images this resolver accepts; <see cref="SuperResLimits.Default"/> unless
    /// the implementation lets them be configured. The stream and file conveniences in
    /// <see cref="SuperResolverExtensions"/> check them from the image header, before decoding.
    /// </summary>
    SuperResLimits Limits => SuperResLimits.Default;

    /// <summary>Returns a new image <see cref="Scale"/> times larger than <paramref name="image"/>.</summary>
    /// <typeparam name="TPixel">The pixel type, kept in the result.</typeparam>
    /// <param name="image">The low-resolution image; it is not modified.</param>
    /// <param name="cancellationToken">Checked between units of work (rows, tiles).</param>
    /// <returns>The upscaled image; the caller owns and disposes it.</returns>
    /// <exception cref="ImageTooLargeException">The image or its upscale exceeds <see cref="Limits"/>.</exception>
    /// <exception cref="NotSupportedException">The pixel type holds no image to upscale (<see cref="A8"/>, alpha only).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel>;
}
