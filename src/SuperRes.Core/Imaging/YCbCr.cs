namespace SuperRes.Imaging;

/// <summary>
/// BT.601 YCbCr with MATLAB's <c>rgb2ycbcr</c> / <c>ycbcr2rgb</c> constants, the colour space in which the
/// super-resolution papers measure quality: Y = 16 + 65.481 R + 128.553 G + 24.966 B for RGB in [0, 1],
/// so that Y spans [16, 235] of 255.
/// </summary>
public static class YCbCr
{
    // Rows of MATLAB's rgb2ycbcr matrix, applied to RGB in [0, 1], giving values on the 0..255 scale.
    private const double YR = 65.481, YG = 128.553, YB = 24.966;
    private const double CbR = -37.797, CbG = -74.203, CbB = 112.0;
    private const double CrR = 112.0, CrG = -93.786, CrB = -18.214;

    /// <summary>Computes the luma Y of one RGB pixel, on the 0..255 scale ([16, 235] for RGB in [0, 1]).</summary>
    /// <param name="r">Red in [0, 1].</param>
    /// <param name="g">Green in [0, 1].</param>
    /// <param name="b">Blue in [0, 1].</param>
    /// <returns>16 + 65.481 r + 128.553 g + 24.966 b.</returns>
    public static double Luma255(double r, double g, double b) => 16 + YR * r + YG * g + YB * b;

    /// <summary>Converts RGB planes to Y, Cb, Cr planes, each scaled to [0, 1] (divided by 255). Alpha is kept.</summary>
    /// <param name="rgb">A colour image.</param>
    /// <returns>A new image whose colour planes are Y, Cb, Cr; continuous (Levels 0).</returns>
    public static PlanarImage FromRgb(PlanarImage rgb)
    {
        RequireColour(rgb);
        var result = new PlanarImage(rgb.Width, rgb.Height, 3, rgb.HasAlpha);
        var r = rgb.PlaneArray(0);
        var g = rgb.PlaneArray(1);
        var b = rgb.PlaneArray(2);
        var y = result.PlaneArray(0);
        var cb = result.PlaneArray(1);
        var cr = result.PlaneArray(2);
        for (var i = 0; i < r.Length; i++)
        {
            y[i] = (float)(Luma255(r[i], g[i], b[i]) / 255);
            cb[i] = (float)((128 + CbR * r[i] + CbG * g[i] + CbB * b[i]) / 255);
            cr[i] = (float)((128 + CrR * r[i] + CrG * g[i] + CrB * b[i]) / 255);
        }

        CopyAlpha(rgb, result);
        return result;
    }

    /// <summary>Converts Y, Cb, Cr planes (each in [0, 1] as <see cref="FromRgb"/> makes them) back to RGB. Alpha is kept.</summary>
    /// <param name="ycbcr">An image whose colour planes are Y, Cb, Cr.</param>
    /// <param name="levels">The <see cref="PlanarImage.Levels"/> of the result; values are rounded to them when not 0.</param>
    /// <returns>A new RGB image, clamped to [0, 1].</returns>
    public static PlanarImage ToRgb(PlanarImage ycbcr, int levels = 0)
    {
        RequireColour(ycbcr);
        var result = new PlanarImage(ycbcr.Width, ycbcr.Height, 3, ycbcr.HasAlpha, levels);
        var y = ycbcr.PlaneArray(0);
        var cb = ycbcr.PlaneArray(1);
        var cr = ycbcr.PlaneArray(2);
        var r = result.PlaneArray(0);
        var g = result.PlaneArray(1);
        var b = result.PlaneArray(2);
        var inverse = Inverse;
        for (var i = 0; i < y.Length; i++)
        {
            var yy = (y[i] * 255.0) - 16;
            var cbb = (cb[i] * 255.0) - 128;
            var crr = (cr[i] * 255.0) - 128;
            r[i] = Store((inverse[0, 0] * yy) + (inverse[0, 1] * cbb) + (inverse[0, 2] * crr), levels);
            g[i] = Store((inverse[1, 0] * yy) + (inverse[1, 1] * cbb) + (inverse[1, 2] * crr), levels);
            b[i] = Store((inverse[2, 0] * yy) + (inverse[2, 1] * cbb) + (inverse[2, 2] * crr), levels);
        }

        CopyAlpha(ycbcr, result);
        return result;
    }

    /// <summary>Returns the Y plane of a colour image, or the grey plane of a grey one, in [0, 1] of 255 (Y spans [16/255, 235/255]).</summary>
    /// <param name="image">An RGB or grey image.</param>
    /// <returns>A single-plane continuous image.</returns>
    public static PlanarImage Luma(PlanarImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ColorPlanes == 1)
        {
            return image.SelectPlanes(0, 1);
        }

        var result = new PlanarImage(image.Width, image.Height, 1);
        var r = image.PlaneArray(0);
        var g = image.PlaneArray(1);
        var b = image.PlaneArray(2);
        var y = result.PlaneArray(0);
        for (var i = 0; i < r.Length; i++)
        {
            y[i] = (float)(Luma255(r[i], g[i], b[i]) / 255);
        }

        return result;
    }

    // MATLAB's ycbcr2rgb inverts the forward matrix numerically; so do we, once.
    private static readonly double[,] Inverse = Invert(new[,] { { YR, YG, YB }, { CbR, CbG, CbB }, { CrR, CrG, CrB } });

    private static double[,] Invert(double[,] m)
    {
        var det = (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
            - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
            + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
        var inverse = new double[3, 3];
        for (var row = 0; row < 3; row++)
        {
            for (var col = 0; col < 3; col++)
            {
                // Cofactor of (col, row): the adjugate is the transposed cofactor matrix.
                int r0 = (col + 1) % 3, r1 = (col + 2) % 3, c0 = (row + 1) % 3, c1 = (row + 2) % 3;
                inverse[row, col] = ((m[r0, c0] * m[r1, c1]) - (m[r0, c1] * m[r1, c0])) / det;
            }
        }

        return inverse;
    }

    private static float Store(double value, int levels) => PlanarImage.Quantize((float)value, levels);

    private static void RequireColour(PlanarImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ColorPlanes != 3)
        {
            throw new ArgumentException($"A colour conversion needs 3 colour planes; this image has {image.ColorPlanes}.", nameof(image));
        }
    }

    private static void CopyAlpha(PlanarImage source, PlanarImage target)
    {
        if (source.HasAlpha)
        {
            source.Alpha.CopyTo(target.Alpha);
        }
    }
}
