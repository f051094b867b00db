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
            PixelLoss.Mse => difference.square().mean(),
            PixelLoss.Charbonnier => (difference.square() + (CharbonnierEpsilon * CharbonnierEpsilon)).sqrt().mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown pixel loss."),
        };
    }
}
