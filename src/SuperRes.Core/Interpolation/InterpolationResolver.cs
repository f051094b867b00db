using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;

namespace SuperRes.Interpolation;

/// <summary>An <see cref="ISuperResolver"/> that enlarges by classic interpolation with MATLAB <c>imresize</c> semantics.</summary>
public sealed class InterpolationResolver : ISuperResolver
{
    /// <summary>Creates a resolver for <paramref name="method"/> at integer scale <paramref name="scale"/>.</summary>
    /// <param name="method">The kernel.</param>
    /// <param name="scale">The enlargement factor, 1 or more.</param>
    public InterpolationResolver(InterpolationMethod method, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown interpolation method.");
        }

        Method = method;
        Scale = scale;
    }

    /// <summary>Gets the kernel.</summary>
    public InterpolationMethod Method { get; }

    /// <inheritdoc />
    public int Scale { get; }

    /// <summary>Gets the largest input and output images accepted; <see cref="SuperResLimits.Default"/> unless set.</summary>
    public SuperResLimits Limits { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = SuperResLimits.Default;

    /// <inheritdoc />
    public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        Limits.EnsureWithin(image.Width, image.Height, Scale);
        cancellationToken.ThrowIfCancellationRequested();
        var planes = PlanarImage.FromImage(image);
        cancellationToken.ThrowIfCancellationRequested();
        return planes.Resize(Scale, Method).ToImage<TPixel>();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Method.ToString().ToLowerInvariant()} x{Scale}";
}
