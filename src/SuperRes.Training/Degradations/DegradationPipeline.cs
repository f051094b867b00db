using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>Applies its steps in order, for example a downscale, then noise, then JPEG.</summary>
public sealed class DegradationPipeline : IDegradation
{
    /// <summary>Initialises the pipeline.</summary>
    /// <param name="steps">The steps, first applied first; at least one.</param>
    public DegradationPipeline(params IReadOnlyList<IDegradation> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0 || steps.Any(s => s is null))
        {
            throw new ArgumentException("A degradation pipeline needs at least one step and no null steps.", nameof(steps));
        }

        Steps = steps;
    }

    /// <summary>Gets the steps, in order.</summary>
    public IReadOnlyList<IDegradation> Steps { get; }

    /// <inheritdoc/>
    public PlanarImage Apply(PlanarImage image, int scale, Random random) =>
        Steps.Aggregate(image, (current, step) => step.Apply(current, scale, random));

    /// <inheritdoc/>
    public override string ToString() => string.Join(" -> ", Steps);
}
