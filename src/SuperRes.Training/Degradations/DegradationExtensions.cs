using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>Uses a training degradation outside training.</summary>
public static class DegradationExtensions
{
    /// <summary>
    /// Returns the LR maker that <c>Evaluation.Run</c> takes for scoring a model trained on <paramref name="degradation"/>:
    /// the degradation at <paramref name="scale"/>, its randomness (noise) drawn from a fixed seed, so that every run
    /// over one dataset sees the same LR images, a trainer's validation and a later <c>eval</c> alike.
    /// </summary>
    /// <param name="degradation">The degradation.</param>
    /// <param name="scale">The scale factor.</param>
    /// <returns>A function for one run over one dataset; take a new one for each run.</returns>
    public static Func<PlanarImage, PlanarImage> ForEvaluation(this IDegradation degradation, int scale)
    {
        ArgumentNullException.ThrowIfNull(degradation);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var random = new Random(0);
        return image => degradation.Apply(image, scale, random);
    }
}
