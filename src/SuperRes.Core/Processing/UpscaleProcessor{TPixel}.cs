using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors;

namespace SuperRes.Processing;

/// <summary>Runs a <see cref="UpscaleProcessor"/> on images of one pixel type.</summary>
/// <typeparam name="TPixel">The pixel type, kept in the result.</typeparam>
internal sealed class UpscaleProcessor<TPixel> : CloningImageProcessor<TPixel>
    where TPixel : unmanaged, IPixel<TPixel>
{
    private readonly ISuperResolver _resolver;

    public UpscaleProcessor(ISuperResolver resolver, Configuration configuration, Image<TPixel> source, Rectangle sourceRectangle)
        : base(configuration, source, sourceRectangle)
    {
        // ImageSharp allocates every destination frame before the first reaches the resolver, which checks too late.
        resolver.Limits.EnsureWithin(sourceRectangle.Width, sourceRectangle.Height, resolver.Scale);
        _resolver = resolver;
    }

    protected override Size GetDestinationSize() =>
        new(checked(SourceRectangle.Width * _resolver.Scale), checked(SourceRectangle.Height * _resolver.Scale));

    protected override void OnFrameApply(ImageFrame<TPixel> source, ImageFrame<TPixel> destination)
    {
        // The resolver takes whole images: lift this frame (and region) out as one, then copy the result in.
        using var frame = Source.Frames.CloneFrame(Source.Frames.IndexOf(source));
        if (SourceRectangle != frame.Bounds())
        {
            frame.Mutate(x => x.Crop(SourceRectangle));
        }

        using var upscaled = _resolver.Upscale(frame);
        upscaled.Frames.RootFrame.ProcessPixelRows(destination, (from, to) =>
        {
            for (var y = 0; y < from.Height; y++)
            {
                from.GetRowSpan(y).CopyTo(to.GetRowSpan(y));
            }
        });
    }
}
