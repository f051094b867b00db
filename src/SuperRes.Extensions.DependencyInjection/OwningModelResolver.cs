using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Models;

namespace SuperRes.Extensions.DependencyInjection;

/// <summary>A <see cref="ModelResolver"/> that owns its network, so that the container frees the network's native memory when it is disposed.</summary>
internal sealed class OwningModelResolver(ModelResolver resolver) : ISuperResolver, IDisposable
{
    public int Scale => resolver.Scale;

    public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel>
        => resolver.Upscale(image, cancellationToken);

    public void Dispose() => resolver.Network.Dispose();

    public override string ToString() => resolver.ToString();
}
