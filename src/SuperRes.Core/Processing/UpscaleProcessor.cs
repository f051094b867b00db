using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors;

namespace SuperRes.Processing;

/// <summary>
/// An ImageSharp processor that enlarges an image with an <see cref="ISuperResolver"/>: the processor behind
/// <see cref="UpscaleExtensions.Upscale(SixLabors.ImageSharp.Processing.IImageProcessingContext, ISuperResolver)"/>.
/// </summary>
/// <remarks>
/// It is a cloning processor, as ImageSharp's resize is, because the size changes: <c>Clone</c> builds the larger
/// image directly and <c>Mutate</c> swaps it in. Each frame of a multi-frame image is upscaled on its own; a
/// processing rectangle smaller than the image upscales that region only.
/// </remarks>
public sealed class UpscaleProcessor : ICloningImageProcessor
{
    /// <summary>Creates a processor that upscales with <paramref name="resolver"/>.</summary>
    /// <param name="resolver">The resolver; the processor does not own it.</param>
    public UpscaleProcessor(ISuperResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Resolver = resolver;
    }

    /// <summary>Gets the resolver that enlarges each frame.</summary>
    public ISuperResolver Resolver { get; }

    /// <inheritdoc/>
    public ICloningImageProcessor<TPixel> CreatePixelSpecificCloningProcessor<TPixel>(Configuration configuration, Image<TPixel> source, Rectangle sourceRectangle)
        where TPixel : unmanaged, IPixel<TPixel>
        => new UpscaleProcessor<TPixel>(Resolver, configuration, source, sourceRectangle);

    /// <inheritdoc/>
    IImageProcessor<TPixel> IImageProcessor.CreatePixelSpecificProcessor<TPixel>(Configuration configuration, Image<TPixel> source, Rectangle sourceRectangle)
        => CreatePixelSpecificCloningProcessor(configuration, source, sourceRectangle);
}
