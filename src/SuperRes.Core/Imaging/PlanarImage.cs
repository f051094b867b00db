using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.Imaging;

/// <summary>
/// An image held as separate float planes with values in [0, 1]: one plane for grey images, three for
/// colour (RGB or YCbCr), plus an optional alpha plane. The common currency between ImageSharp images,
/// interpolation, metrics and tensors.
/// </summary>
public sealed class PlanarImage
{
    private readonly float[][] _planes;

    /// <summary>Creates an image of the given size with <paramref name="colorPlanes"/> zeroed colour planes.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="colorPlanes">1 (grey or Y) or 3 (RGB or YCbCr).</param>
    /// <param name="hasAlpha">Whether an alpha plane follows the colour planes.</param>
    /// <param name="levels">See <see cref="Levels"/>.</param>
    public PlanarImage(int width, int height, int colorPlanes, bool hasAlpha = false, int levels = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (colorPlanes is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(colorPlanes), colorPlanes, "An image has 1 (grey) or 3 (colour) planes.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        var pixels = (long)width * height;
        if (pixels > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is too large for one plane.");
        }

        Width = width;
        Height = height;
        ColorPlanes = colorPlanes;
        HasAlpha = hasAlpha;
        Levels = levels;
        _planes = new float[colorPlanes + (hasAlpha ? 1 : 0)][];
        for (var i = 0; i < _planes.Length; i++)
        {
            _planes[i] = new float[pixels];
        }
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the number of colour planes: 1 for grey or Y, 3 for RGB or YCbCr.</summary>
    public int ColorPlanes { get; }

    /// <summary>Gets a value indicating whether an alpha plane follows the colour planes.</summary>
    public bool HasAlpha { get; }

    /// <summary>
    /// Gets the number of quantisation steps the values stand for (255 for 8-bit sources, 65535 for 16-bit),
    /// or 0 for continuous values. Interpolation rounds to these levels after each pass, as MATLAB does
    /// for integer images.
    /// </summary>
    public int Levels { get; }

    /// <summary>Gets the number of planes, alpha included.</summary>
    public int PlaneCount => _planes.Length;

    /// <summary>Gets plane <paramref name="index"/> (row-major, <see cref="Width"/> values a row).</summary>
    /// <param name="index">0 to <see cref="PlaneCount"/> - 1; the alpha plane is last.</param>
    /// <returns>The plane's values, writable.</returns>
    public Span<float> GetPlane(int index) => _planes[index];

    /// <summary>Gets the alpha plane.</summary>
    /// <exception cref="InvalidOperationException">The image has no alpha.</exception>
    public Span<float> Alpha => HasAlpha ? _planes[^1] : throw new InvalidOperationException("This image has no alpha plane.");

    internal float[] PlaneArray(int index) => _planes[index];

    /// <summary>Returns a copy of this image with a different level count (for example after computing in float).</summary>
    /// <param name="levels">The new <see cref="Levels"/>.</param>
    /// <returns>A new image; values are rounded to <paramref name="levels"/> when it is not 0.</returns>
    public PlanarImage WithLevels(int levels)
    {
        var copy = new PlanarImage(Width, Height, ColorPlanes, HasAlpha, levels);
        for (var p = 0; p < PlaneCount; p++)
        {
            _planes[p].CopyTo(copy._planes[p], 0);
            if (levels != 0)
            {
                QuantizeInPlace(copy._planes[p], levels);
            }
        }

        return copy;
    }

    /// <summary>Returns a copy holding only the colour planes <paramref name="first"/> .. first + count - 1 (no alpha).</summary>
    /// <param name="first">The first plane to keep.</param>
    /// <param name="count">1 or 3.</param>
    /// <param name="levels">The <see cref="Levels"/> of the copy (values are rounded to them when not 0); this image's when null.</param>
    /// <returns>A new image.</returns>
    public PlanarImage SelectPlanes(int first, int count, int? levels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        if (first + count > ColorPlanes)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Planes {first} to {first + count - 1} are not all colour planes; this image has {ColorPlanes}.");
        }

        var copy = new PlanarImage(Width, Height, count, false, levels ?? Levels);
        for (var p = 0; p < count; p++)
        {
            _planes[first + p].CopyTo(copy._planes[p], 0);
            if (copy.Levels != 0 && copy.Levels != Levels)
            {
                QuantizeInPlace(copy._planes[p], copy.Levels);
            }
        }

        return copy;
    }

    /// <summary>Returns the rectangle (<paramref name="x"/>, <paramref name="y"/>, <paramref name="width"/>, <paramref name="height"/>) as a new image.</summary>
    /// <param name="x">Left column.</param>
    /// <param name="y">Top row.</param>
    /// <param name="width">Width of the crop.</param>
    /// <param name="height">Height of the crop.</param>
    /// <returns>A new image with the same planes and levels.</returns>
    public PlanarImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > Width || y + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Crop {width}x{height} at ({x}, {y}) is outside the {Width}x{Height} image.");
        }

        var copy = new PlanarImage(width, height, ColorPlanes, HasAlpha, Levels);
        for (var p = 0; p < PlaneCount; p++)
        {
            for (var row = 0; row < height; row++)
            {
                _planes[p].AsSpan((y + row) * Width + x, width).CopyTo(copy._planes[p].AsSpan(row * width, width));
            }
        }

        return copy;
    }

    /// <summary>Returns a new image whose planes are <paramref name="colour"/>'s followed by <paramref name="alpha"/>'s single plane.</summary>
    /// <param name="colour">Colour planes (its own alpha, if any, is dropped).</param>
    /// <param name="alpha">An image of the same size whose first plane becomes alpha.</param>
    /// <returns>A new image with alpha.</returns>
    public static PlanarImage WithAlpha(PlanarImage colour, PlanarImage alpha)
    {
        ArgumentNullException.ThrowIfNull(colour);
        ArgumentNullException.ThrowIfNull(alpha);
        if (colour.Width != alpha.Width || colour.Height != alpha.Height)
        {
            throw new ArgumentException($"Alpha is {alpha.Width}x{alpha.Height} but the colour planes are {colour.Width}x{colour.Height}.", nameof(alpha));
        }

        var result = new PlanarImage(colour.Width, colour.Height, colour.ColorPlanes, true, colour.Levels);
        for (var p = 0; p < colour.ColorPlanes; p++)
        {
            colour._planes[p].CopyTo(result._planes[p], 0);
        }

        alpha._planes[0].CopyTo(result._planes[^1], 0);
        return result;
    }

    /// <summary>Reads an ImageSharp image into planes: grey pixel types give one plane, others three, plus alpha where the type has it.</summary>
    /// <typeparam name="TPixel">The pixel type.</typeparam>
    /// <param name="image">The image to read.</param>
    /// <returns>The planes, with <see cref="Levels"/> set from the pixel type's bit depth.</returns>
    public static PlanarImage FromImage<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        var format = PixelFormatInfo.Of<TPixel>();
        var result = new PlanarImage(image.Width, image.Height, format.IsGrey ? 1 : 3, format.HasAlpha, format.Levels);
        var width = image.Width;
        image.ProcessPixelRows(accessor =>
        {
            var vectors = new Vector4[width];
            for (var y = 0; y < accessor.Height; y++)
            {
                PixelOperations<TPixel>.Instance.ToVector4(Configuration.Default, accessor.GetRowSpan(y), vectors, PixelConversionModifiers.Scale);
                var offset = y * width;
                for (var x = 0; x < width; x++)
                {
                    var v = vectors[x];
                    result._planes[0][offset + x] = v.X;
                    if (!format.IsGrey)
                    {
                        result._planes[1][offset + x] = v.Y;
                        result._planes[2][offset + x] = v.Z;
                    }

                    if (format.HasAlpha)
                    {
                        result._planes[^1][offset + x] = v.W;
                    }
                }
            }
        });
        return result;
    }

    /// <summary>Writes these planes into a new ImageSharp image of pixel type <typeparamref name="TPixel"/>.</summary>
    /// <typeparam name="TPixel">The pixel type of the result.</typeparam>
    /// <returns>A new image; values are clamped to [0, 1]; a missing alpha plane means opaque.</returns>
    public Image<TPixel> ToImage<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var image = new Image<TPixel>(Width, Height);
        var grey = ColorPlanes == 1;
        image.ProcessPixelRows(accessor =>
        {
            var vectors = new Vector4[Width];
            for (var y = 0; y < accessor.Height; y++)
            {
                var offset = y * Width;
                for (var x = 0; x < Width; x++)
                {
                    var r = _planes[0][offset + x];
                    var g = grey ? r : _planes[1][offset + x];
                    var b = grey ? r : _planes[2][offset + x];
                    var a = HasAlpha ? _planes[^1][offset + x] : 1f;
                    vectors[x] = Vector4.Clamp(new Vector4(r, g, b, a), Vector4.Zero, Vector4.One);
                }

                PixelOperations<TPixel>.Instance.FromVector4Destructive(Configuration.Default, vectors, accessor.GetRowSpan(y), PixelConversionModifiers.Scale);
            }
        });
        return image;
    }

    /// <summary>
    /// Rounds a value in [0, 1] to the nearest of <paramref name="levels"/> steps (half away from zero, as MATLAB
    /// rounds), clamping first; with 0 levels (floating-point and packed pixel types) it only clamps.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="levels">The number of steps (255 for 8 bits), or 0 for no rounding.</param>
    /// <returns>k / levels for the nearest integer k in [0, levels]; with 0 levels, the value clamped to [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is negative.</exception>
    public static float Quantize(float value, int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        return levels == 0
            ? Math.Clamp(value, 0, 1)
            : (float)(Math.Round(Math.Clamp((double)value, 0, 1) * levels, MidpointRounding.AwayFromZero) / levels);
    }

    private static void QuantizeInPlace(Span<float> plane, int levels)
    {
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = Quantize(plane[i], levels);
        }
    }
}
