using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>
/// Blurs with an isotropic Gaussian of standard deviation <see cref="Sigma"/> (borders replicated), then keeps
/// one pixel in <c>scale</c> each way: the "blur-downscale" degradation of the SR literature. The kept pixel of
/// each scale x scale block is the one at offset (scale - 1) / 2, its centre for odd scales, so that LR pixel
/// (i, j) still stands for HR block (i, j).
/// </summary>
public sealed class GaussianBlurDownscale : IDegradation
{
    /// <summary>Initialises the step.</summary>
    /// <param name="sigma">The blur's standard deviation in HR pixels; 0 keeps pixels without blurring.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is negative, not finite, or so large that its kernel would not fit in an array.</exception>
    public GaussianBlurDownscale(double sigma)
    {
        Sigma = Require.Sigma(sigma, nameof(sigma));
        if (Math.Ceiling(3 * sigma) > (Array.MaxLength - 1) / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"A sigma of {sigma} needs a kernel of 2 ceil(3 sigma) + 1 taps, more than an array holds.");
        }

        Kernel = MakeKernel(sigma);
    }

    /// <summary>Gets the blur's standard deviation in HR pixels.</summary>
    public double Sigma { get; }

    /// <summary>Gets the normalised 1-D kernel, 2 ceil(3 sigma) + 1 taps.</summary>
    internal double[] Kernel { get; }

    /// <inheritdoc/>
    public PlanarImage Apply(PlanarImage image, int scale, Random random)
    {
        Require.MultipleOfScale(image, scale);
        int width = image.Width / scale, height = image.Height / scale, offset = (scale - 1) / 2, radius = Kernel.Length / 2;
        var result = new PlanarImage(width, height, image.ColorPlanes, image.HasAlpha);
        for (var p = 0; p < image.PlaneCount; p++)
        {
            var source = image.GetPlane(p);

            // Horizontal pass at the kept columns only, then the vertical pass at the kept rows.
            var rows = new double[image.Height * width];
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < Kernel.Length; k++)
                    {
                        var sx = Math.Clamp((x * scale) + offset + k - radius, 0, image.Width - 1);
                        sum += Kernel[k] * source[(y * image.Width) + sx];
                    }

                    rows[(y * width) + x] = sum;
                }
            }

            var target = result.GetPlane(p);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var sum = 0.0;
                    for (var k = 0; k < Kernel.Length; k++)
                    {
                        var sy = Math.Clamp((y * scale) + offset + k - radius, 0, image.Height - 1);
                        sum += Kernel[k] * rows[(sy * width) + x];
                    }

                    target[(y * width) + x] = (float)sum;
                }
            }
        }

        return result.WithLevels(image.Levels);
    }

    /// <inheritdoc/>
    public override string ToString() => $"gaussian blur sigma {Sigma} + decimation";

    private static double[] MakeKernel(double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[(2 * radius) + 1];
        for (var i = 0; i < kernel.Length; i++)
        {
            var d = i - radius;
            // The centre tap is 1 outright: for sigma 0, or so small that 2 sigma^2 underflows, the quotient would be 0 / 0.
            kernel[i] = d == 0 ? 1 : Math.Exp(-(d * d) / (2 * sigma * sigma));
        }

        var total = kernel.Sum();
        return kernel.Select(k => k / total).ToArray();
    }
}
