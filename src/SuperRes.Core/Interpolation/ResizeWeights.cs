namespace SuperRes.Interpolation;

/// <summary>
/// The taps of a 1-D resize, computed as MATLAB's <c>imresize</c> computes them (its <c>contributions</c>
/// function): for output pixel x (1-based) the source position is u = x / scale + (1 - 1 / scale) / 2, the
/// kernel is widened by 1 / scale when downscaling with antialiasing, weights are normalised to sum to 1,
/// and source indices outside the image are mirrored (symmetric padding).
/// </summary>
public sealed class ResizeWeights
{
    private ResizeWeights(int inputLength, int outputLength, int taps, int[] indices, double[] weights)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        Taps = taps;
        Indices = indices;
        Weights = weights;
    }

    /// <summary>Gets the number of source samples.</summary>
    public int InputLength { get; }

    /// <summary>Gets the number of output samples.</summary>
    public int OutputLength { get; }

    /// <summary>Gets the number of taps for each output sample.</summary>
    public int Taps { get; }

    /// <summary>Gets the 0-based source index of tap t of output sample x at [x * Taps + t].</summary>
    public int[] Indices { get; }

    /// <summary>Gets the weight of tap t of output sample x at [x * Taps + t].</summary>
    public double[] Weights { get; }

    /// <summary>Computes the taps for resizing <paramref name="inputLength"/> samples to <paramref name="outputLength"/>.</summary>
    /// <param name="inputLength">Source length, at least 1.</param>
    /// <param name="outputLength">Output length, at least 1.</param>
    /// <param name="scale">The scale factor as MATLAB receives it (output / input, or the factor the caller passed).</param>
    /// <param name="method">The kernel.</param>
    /// <param name="antialias">Widen the kernel when downscaling (ignored for <see cref="InterpolationMethod.Nearest"/>).</param>
    /// <returns>The taps.</returns>
    public static ResizeWeights Compute(int inputLength, int outputLength, double scale, InterpolationMethod method, bool antialias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputLength, 1);
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale factor must be a positive finite number.");
        }

        Func<double, double> kernel = method switch
        {
            InterpolationMethod.Nearest => Box,
            InterpolationMethod.Bilinear => Triangle,
            InterpolationMethod.Bicubic => Cubic,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown interpolation method."),
        };
        double kernelWidth = method switch
        {
            InterpolationMethod.Nearest => 1,
            InterpolationMethod.Bilinear => 2,
            _ => 4,
        };

        var h = kernel;
        if (scale < 1 && antialias && method != InterpolationMethod.Nearest)
        {
            h = x => scale * kernel(scale * x);
            kernelWidth /= scale;
        }

        var tapCount = Math.Ceiling(kernelWidth) + 2;
        if (tapCount * outputLength > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"A scale of {scale} widens the antialiasing kernel to {kernelWidth:G3} input samples: {outputLength} outputs would need more taps than one array holds.");
        }

        var taps = (int)tapCount;
        var indices = new int[outputLength * taps];
        var weights = new double[outputLength * taps];
        var period = 2L * inputLength;
        for (var x = 1; x <= outputLength; x++)
        {
            var u = (x / scale) + (0.5 * (1 - (1 / scale)));
            var left = Math.Floor(u - (kernelWidth / 2));
            var row = (x - 1) * taps;
            var sum = 0.0;
            for (var t = 0; t < taps; t++)
            {
                var index = left + t;
                var w = h(u - index);
                weights[row + t] = w;
                sum += w;

                // Mirror into [0, inputLength) as MATLAB's aux = [1:n, n:-1:1] does.
                var m = (long)(((((long)index - 1) % period) + period) % period);
                indices[row + t] = (int)(m < inputLength ? m : period - 1 - m);
            }

            for (var t = 0; t < taps; t++)
            {
                weights[row + t] /= sum;
            }
        }

        return new ResizeWeights(inputLength, outputLength, taps, indices, weights);
    }

    private static double Cubic(double x)
    {
        var absx = Math.Abs(x);
        var absx2 = absx * absx;
        var absx3 = absx2 * absx;
        return absx <= 1 ? (1.5 * absx3) - (2.5 * absx2) + 1
            : absx <= 2 ? (-0.5 * absx3) + (2.5 * absx2) - (4 * absx) + 2
            : 0;
    }

    private static double Triangle(double x) =>
        x >= -1 && x < 0 ? x + 1 : x >= 0 && x <= 1 ? 1 - x : 0;

    private static double Box(double x) => x >= -0.5 && x < 0.5 ? 1 : 0;
}
