using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Testing;

/// <summary>Pixel arrays for exact comparisons of images.</summary>
public static class ImagePixels
{
    /// <summary>Copies the pixels of <paramref name="image"/>, row-major, and disposes it.</summary>
    public static TPixel[] TakePixels<TPixel>(this Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        using (image)
        {
            var pixels = new TPixel[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return pixels;
        }
    }
}
