using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Imaging;

/// <summary>What the library needs to know about a pixel type: grey or colour, alpha or not, bit depth.</summary>
/// <param name="IsGrey">Whether the type stores one luminance value rather than RGB.</param>
/// <param name="HasAlpha">Whether the type stores alpha.</param>
/// <param name="Levels">Quantisation steps per channel: 255 for 8-bit, 65535 for 16-bit, 0 for floating-point or packed types.</param>
public readonly record struct PixelFormatInfo(bool IsGrey, bool HasAlpha, int Levels)
{
    /// <summary>Describes <typeparamref name="TPixel"/>.</summary>
    /// <typeparam name="TPixel">The pixel type.</typeparam>
    /// <returns>Its description.</returns>
    public static PixelFormatInfo Of<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel> => Of(typeof(TPixel));

    /// <summary>Describes the pixel type <paramref name="pixelType"/>.</summary>
    /// <param name="pixelType">An ImageSharp pixel type.</param>
    /// <returns>Its description.</returns>
    public static PixelFormatInfo Of(Type pixelType) => pixelType switch
    {
        _ when pixelType == typeof(L8) => new(true, false, 255),
        _ when pixelType == typeof(La16) => new(true, true, 255),
        _ when pixelType == typeof(L16) => new(true, false, 65535),
        _ when pixelType == typeof(La32) => new(true, true, 65535),
        _ when pixelType == typeof(Rgb24) || pixelType == typeof(Bgr24) => new(false, false, 255),
        _ when pixelType == typeof(Rgba32) || pixelType == typeof(Bgra32) || pixelType == typeof(Argb32) || pixelType == typeof(Abgr32) => new(false, true, 255),
        _ when pixelType == typeof(Rgb48) => new(false, false, 65535),
        _ when pixelType == typeof(Rgba64) => new(false, true, 65535),
        _ when pixelType == typeof(RgbaVector) || pixelType == typeof(HalfVector4) => new(false, true, 0),
        _ when pixelType == typeof(A8) => throw new NotSupportedException("A8 holds alpha only; there is no image to upscale."),
        _ => new(false, HasAlphaChannel(pixelType), 0),
    };

    private static bool HasAlphaChannel(Type pixelType) =>
        pixelType == typeof(Bgra4444) || pixelType == typeof(Bgra5551) || pixelType == typeof(Byte4) ||
        pixelType == typeof(NormalizedByte4) || pixelType == typeof(NormalizedShort4) || pixelType == typeof(Short4) ||
        pixelType == typeof(Rgba1010102);
}
