using System.Runtime.Intrinsics;
using SuperRes.Imaging;

namespace SuperRes.Interpolation;

/// <summary>
/// Resizes images exactly as MATLAB's <c>imresize</c> does: separable passes, the dimension with the smaller
/// scale factor first (rows first when equal), accumulation in double, and, for integer images, rounding to
/// the image's levels (half away from zero) after each pass. This reproduces the benchmark LR images of the
/// super-resolution papers bit for bit.
/// </summary>
public static class Resampler
{
    /// <summary>Resizes by <paramref name="scale"/> in both directions; the output is ceil(scale x size).</summary>
    /// <param name="image">The image; it is not modified.</param>
    /// <param name="scale">The factor: above 1 enlarges, below 1 shrinks; need not be an integer.</param>
    /// <param name="method">The kernel.</param>
    /// <param name="antialias">Widen the kernel when shrinking, as MATLAB does by default.</param>
    /// <returns>A new image with the same planes and levels.</returns>
    public static PlanarImage Resize(this PlanarImage image, double scale, InterpolationMethod method = InterpolationMethod.Bicubic, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale factor must be a positive finite number.");
        }

        return Resize(image, OutputLength(image.Width, scale), OutputLength(image.Height, scale), scale, scale, method, antialias);
    }

    /// <summary>Resizes to <paramref name="width"/> x <paramref name="height"/> (scale factors output / input per axis).</summary>
    /// <param name="image">The image; it is not modified.</param>
    /// <param name="width">Output width, at least 1.</param>
    /// <param name="height">Output height, at least 1.</param>
    /// <param name="method">The kernel.</param>
    /// <param name="antialias">Widen the kernel when shrinking.</param>
    /// <returns>A new image with the same planes and levels.</returns>
    public static PlanarImage Resize(this PlanarImage image, int width, int height, InterpolationMethod method = InterpolationMethod.Bicubic, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Resize(image, width, height, (double)width / image.Width, (double)height / image.Height, method, antialias);
    }

    private static PlanarImage Resize(PlanarImage image, int width, int height, double scaleX, double scaleY, InterpolationMethod method, bool antialias)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var rows = ResizeWeights.Compute(image.Height, height, scaleY, method, antialias);
        var columns = ResizeWeights.Compute(image.Width, width, scaleX, method, antialias);
        var result = new PlanarImage(width, height, image.ColorPlanes, image.HasAlpha, image.Levels);
        Parallel.For(0, image.PlaneCount, p =>
        {
            var source = image.PlaneArray(p);
            float[] resized;
            if (scaleY <= scaleX)
            {
                var intermediate = ResizeRows(source, image.Width, rows, image.Levels);
                resized = ResizeColumns(intermediate, height, columns, image.Levels);
            }
            else
            {
                var intermediate = ResizeColumns(source, image.Height, columns, image.Levels);
                resized = ResizeRows(intermediate, width, rows, image.Levels);
            }

            resized.CopyTo(result.GetPlane(p));
        });
        return result;
    }

    private static int OutputLength(int length, double scale)
    {
        var output = Math.Ceiling(scale * length);
        if (output > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Scaling {length} pixels by {scale} is too large.");
        }

        return (int)output;
    }

    // Values of integer images are multiples of 1 / levels; reading them back as exact integers keeps the
    // double accumulation identical to MATLAB's on uint8/uint16 data.
    private static double Read(float value, int levels) =>
        levels == 0 ? value : Math.Round((double)value * levels);

    private static float Write(double sum, int levels) =>
        levels == 0 ? (float)sum : (float)(Math.Clamp(Math.Round(sum, MidpointRounding.AwayFromZero), 0, levels) / levels);

    private static float[] ResizeRows(float[] source, int width, ResizeWeights rows, int levels)
    {
        var output = new float[(long)rows.OutputLength * width];
        Parallel.For(0, rows.OutputLength, () => new double[width], (y, _, sums) =>
        {
            Array.Clear(sums);
            for (var t = 0; t < rows.Taps; t++)
            {
                var w = rows.Weights[(y * rows.Taps) + t];
                if (w != 0)
                {
                    Accumulate(sums, source.AsSpan(rows.Indices[(y * rows.Taps) + t] * width, width), w, levels);
                }
            }

            var target = output.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                target[x] = Write(sums[x], levels);
            }

            return sums;
        }, _ => { });
        return output;
    }

    /// <summary>Adds <paramref name="weight"/> x each value of <paramref name="row"/> to <paramref name="sums"/>, four doubles at a time.</summary>
    private static void Accumulate(Span<double> sums, ReadOnlySpan<float> row, double weight, int levels)
    {
        var w = Vector256.Create(weight);
        var x = 0;
        for (; x <= row.Length - Vector256<float>.Count; x += Vector256<float>.Count)
        {
            var (low, high) = Read(Vector256.Create(row.Slice(x, Vector256<float>.Count)), levels);
            var lowSums = sums.Slice(x, Vector256<double>.Count);
            var highSums = sums.Slice(x + Vector256<double>.Count, Vector256<double>.Count);
            (Vector256.Create(lowSums) + (w * low)).CopyTo(lowSums);
            (Vector256.Create(highSums) + (w * high)).CopyTo(highSums);
        }

        for (; x < row.Length; x++)
        {
            sums[x] += weight * Read(row[x], levels);
        }
    }

    /// <summary>
    /// Resizes each row. Eight rows go together, interleaved in a small buffer, so that each tap is one vector of
    /// eight values rather than eight gathers; every output is still the same sum in the same order.
    /// </summary>
    private static float[] ResizeColumns(float[] source, int height, ResizeWeights columns, int levels)
    {
        const int Lanes = 8;
        var inputWidth = columns.InputLength;
        var outputWidth = columns.OutputLength;
        var output = new float[(long)height * outputWidth];
        Parallel.For(0, (height + Lanes - 1) / Lanes, () => new float[inputWidth * Lanes], (strip, _, interleaved) =>
        {
            var firstRow = strip * Lanes;
            var rowCount = Math.Min(Lanes, height - firstRow);
            for (var r = 0; r < rowCount; r++)
            {
                var sourceRow = source.AsSpan((firstRow + r) * inputWidth, inputWidth);
                for (var x = 0; x < inputWidth; x++)
                {
                    interleaved[(x * Lanes) + r] = sourceRow[x];
                }
            }

            Span<double> sums = stackalloc double[Lanes];
            for (var x = 0; x < outputWidth; x++)
            {
                var (low, high) = (Vector256<double>.Zero, Vector256<double>.Zero);
                var first = x * columns.Taps;
                for (var t = 0; t < columns.Taps; t++)
                {
                    var w = columns.Weights[first + t];
                    if (w != 0)
                    {
                        var (lowValues, highValues) = Read(Vector256.Create(interleaved.AsSpan(columns.Indices[first + t] * Lanes, Lanes)), levels);
                        var weight = Vector256.Create(w);
                        (low, high) = (low + (weight * lowValues), high + (weight * highValues));
                    }
                }

                low.CopyTo(sums);
                high.CopyTo(sums[Vector256<double>.Count..]);
                for (var r = 0; r < rowCount; r++)
                {
                    output[((firstRow + r) * outputWidth) + x] = Write(sums[r], levels);
                }
            }

            return interleaved;
        }, _ => { });
        return output;
    }

    private static (Vector256<double> Low, Vector256<double> High) Read(Vector256<float> values, int levels)
    {
        var (low, high) = Vector256.Widen(values);
        return levels == 0 ? (low, high) : (Vector256.Round(low * levels), Vector256.Round(high * levels));
    }
}
