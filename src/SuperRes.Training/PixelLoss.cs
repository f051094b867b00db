using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>The pixel-wise loss between the network's output and the target.</summary>
public enum PixelLoss
{
    /// <summary>Mean absolute error (EDSR's choice).</summary>
    L1,

    /// <summary>Mean squared error (SRCNN, ESPCN, VDSR).</summary>
    Mse,

    /// <summary>Charbonnier, mean of sqrt(d^2 + eps^2) with eps = 1e-3: a differentiable L1 (LapSRN).</summary>
    Charbonnier,
}

/// <summary>Computes <see cref="PixelLoss"/> values.</summary>
public static class PixelLosses
{
    /// <summary>The Charbonnier epsilon, 1e-3 as in LapSRN (Lai et al., CVPR 2017).</summary>
    public const double CharbonnierEpsilon = 1e-3;

    // Rooted for the process: TorchSharp's square() and number arguments make Scalars a collection can free mid-call (see UnitInterval in SuperRes.Core).
    private static readonly Scalar EpsilonSquared = (CharbonnierEpsilon * CharbonnierEpsilon).ToScalar();

    /// <summary>Computes the mean loss of <paramref name="output"/> against <paramref name="target"/>.</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="output">The network's output.</param>
    /// <param name="target">The target, same shape.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Compute(PixelLoss loss, Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var difference = output - target;
        return loss switch
        {
            PixelLoss.L1 => difference.abs().mean(),
            PixelLoss.Mse => (difference * difference).mean(),
            PixelLoss.Charbonnier => ((difference * difference) + EpsilonSquared).sqrt().mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown pixel loss."),
        };
    }
}
