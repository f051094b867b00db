using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>Adds white Gaussian noise to every colour value, then clips to [0, 1] and rounds to the image's levels.</summary>
public sealed class GaussianNoise : IDegradation
{
    /// <summary>Initialises the step.</summary>
    /// <param name="sigma">The standard deviation in 8-bit levels (the usual convention: 25 means 25 / 255).</param>
    public GaussianNoise(double sigma)
    {
        Sigma = Require.Sigma(sigma, nameof(sigma));
    }

    /// <summary>Gets the standard deviation in 8-bit levels.</summary>
    public double Sigma { get; }

    /// <inheritdoc/>
    public PlanarImage Apply(PlanarImage image, int scale, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        var result = image.WithLevels(0);
        var sigma = Sigma / 255;
        for (var p = 0; p < image.ColorPlanes; p++)
        {
            var plane = result.GetPlane(p);
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = (float)Math.Clamp(plane[i] + (sigma * StandardNormal(random)), 0, 1);
            }
        }

        return result.WithLevels(image.Levels);
    }

    /// <inheritdoc/>
    public override string ToString() => $"gaussian noise sigma {Sigma}";

    // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
    private static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
