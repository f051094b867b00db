using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace SuperRes.Processing;

/// <summary>Adds super-resolution to ImageSharp's processing pipeline.</summary>
public static class UpscaleExtensions
{
    /// <summary>
    /// Enlarges the image <see cref="ISuperResolver.Scale"/> times with <paramref name="resolver"/>, as in
    /// <c>image.Mutate(x =&gt; x.Upscale(resolver))</c> or <c>image.Clone(x =&gt; x.Upscale(resolver))</c>.
    /// </summary>
    /// <param name="source">The processing context.</param>
    /// <param name="resolver">The resolver; it is not disposed.</param>
    /// <returns>The context, for chaining.</returns>
    public static IImageProcessingContext Upscale(this IImageProcessingContext source, ISuperResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ApplyProcessor(new UpscaleProcessor(resolver));
    }

    /// <summary>Enlarges the region <paramref name="rectangle"/> of the image <see cref="ISuperResolver.Scale"/> times; the result is that region, enlarged.</summary>
    /// <param name="source">The processing context.</param>
    /// <param name="resolver">The resolver; it is not disposed.</param>
    /// <param name="rectangle">The region to enlarge, within the image.</param>
    /// <returns>The context, for chaining.</returns>
    public static IImageProcessingContext Upscale(this IImageProcessingContext source, ISuperResolver resolver, Rectangle rectangle)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ApplyProcessor(new UpscaleProcessor(resolver), rectangle);
    }
}
