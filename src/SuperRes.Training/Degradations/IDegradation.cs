using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>
/// One step of the process that turns a high-resolution training image into its low-resolution input:
/// a downscale, a blur, noise, compression. Steps compose in order with <see cref="DegradationPipeline"/>.
/// </summary>
public interface IDegradation
{
    /// <summary>Returns the degraded image.</summary>
    /// <param name="image">The image so far (8-bit levels for decoded files); not modified.</param>
    /// <param name="scale">The super-resolution factor; steps that shrink the image shrink it by this much, the others ignore it.</param>
    /// <param name="random">The source of any randomness, seeded by the caller for reproducible pairs.</param>
    /// <returns>A new image.</returns>
    PlanarImage Apply(PlanarImage image, int scale, Random random);
}
