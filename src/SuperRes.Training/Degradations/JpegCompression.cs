using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>Encodes the image as JPEG at <see cref="Quality"/> with ImageSharp and decodes it again: compression artefacts. Alpha is dropped.</summary>
public sealed class JpegCompression : IDegradation
{
    /// <summary>Initialises the step.</summary>
    /// <param name="quality">The JPEG quality, 1 (worst) to 100.</param>
    public JpegCompression(int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        Quality = quality;
    }

    /// <summary>Gets the JPEG quality.</summary>
    public int Quality { get; }

    /// <inheritdoc/>
    public PlanarImage Apply(PlanarImage image, int scale, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var colour = image.SelectPlanes(0, image.ColorPlanes);
        return colour.ColorPlanes == 1 ? RoundTrip<L8>(colour, JpegColorType.Luminance) : RoundTrip<Rgb24>(colour, JpegColorType.YCbCrRatio420);
    }

    /// <inheritdoc/>
    public override string ToString() => $"jpeg quality {Quality}";

    private PlanarImage RoundTrip<TPixel>(PlanarImage image, JpegColorType colorType)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        using (var encoded = image.ToImage<TPixel>())
        {
            encoded.Save(stream, new JpegEncoder { Quality = Quality, ColorType = colorType });
        }

        stream.Position = 0;
        using var decoded = Image.Load<TPixel>(stream);
        return PlanarImage.FromImage(decoded);
    }
}
