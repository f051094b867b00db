using SuperRes.Imaging;
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

    // Rooted for the process: TorchSharp's square() and number arguments make Scalars a collection can free mid-call (see RootedScalars in SuperRes.Core).
    private static readonly Scalar EpsilonSquared = (CharbonnierEpsilon * CharbonnierEpsilon).ToScalar();

    /// <summary>Computes the mean loss of <paramref name="output"/> against <paramref name="target"/>.</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="output">The network's output; with a border, images in the last two dimensions (N, C, H, W).</param>
    /// <param name="target">The target, same shape.</param>
    /// <param name="border">How many pixels at each side of every image the loss leaves out; 0 for none.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="ArgumentException">The shapes differ, or the border leaves no pixel.</exception>
    public static Tensor Compute(PixelLoss loss, Tensor output, Tensor target, int border = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        if (!output.shape.SequenceEqual(target.shape))
        {
            throw new ArgumentException($"The output and target must have one shape; they are [{string.Join(", ", output.shape)}] and [{string.Join(", ", target.shape)}].", nameof(target));
        }

        var difference = border == 0 ? output - target : Inside(output, border) - Inside(target, border);
        return loss switch
        {
            PixelLoss.L1 => difference.abs().mean(),
            PixelLoss.Mse => (difference * difference).mean(),
            PixelLoss.Charbonnier => (difference * difference).add(EpsilonSquared, RootedScalars.One).sqrt().mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown pixel loss."),
        };
    }

    private static Tensor Inside(Tensor images, int border)
    {
        long height = images.dim() >= 2 ? images.shape[^2] : 0, width = images.dim() >= 2 ? images.shape[^1] : 0;
        if (2L * border >= Math.Min(height, width))
        {
            throw new ArgumentException($"A loss border of {border} pixels leaves nothing of a {width}x{height} patch.", nameof(border));
        }

        return images.narrow(-2, border, height - (2 * border)).narrow(-1, border, width - (2 * border));
    }
}
