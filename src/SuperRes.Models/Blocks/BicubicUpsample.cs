using SuperRes.Interpolation;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// MATLAB's bicubic <c>imresize</c> on tensors, for pre-upsampled networks (SRCNN, VDSR) and for training code
/// that makes their inputs: the taps of <see cref="ResizeWeights"/> written as dense matrices, applied as
/// <c>W_h @ x @ W_w^T</c> to the last two dimensions. It matches <see cref="Resampler.Resize(SuperRes.Imaging.PlanarImage, double, InterpolationMethod, bool)"/>
/// on images with <c>Levels</c> 0 (no rounding between passes).
/// </summary>
public sealed class BicubicUpsample : nn.Module<Tensor, Tensor>
{
    private readonly Dictionary<(long Length, DeviceType Device, int Index, ScalarType Type), Tensor> _matrices = [];
    private readonly Lock _matricesLock = new();

    /// <summary>Initialises the resizer.</summary>
    /// <param name="scale">The factor: above 1 enlarges, below 1 shrinks; outputs are ceil(scale x size) as in MATLAB.</param>
    /// <param name="antialias">Widen the kernel when shrinking, as MATLAB does by default.</param>
    public BicubicUpsample(double scale, bool antialias = true)
        : base(nameof(BicubicUpsample))
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale factor must be a positive finite number.");
        }

        Scale = scale;
        Antialias = antialias;
    }

    /// <summary>Gets the factor.</summary>
    public double Scale { get; }

    /// <summary>Gets a value indicating whether the kernel is widened when shrinking.</summary>
    public bool Antialias { get; }

    /// <summary>Builds the [ceil(scale x length), length] float64 matrix of one 1-D resize (mirrored taps summed into their column).</summary>
    /// <param name="length">The input length, at least 1.</param>
    /// <param name="scale">The factor.</param>
    /// <param name="antialias">Widen the kernel when shrinking.</param>
    /// <returns>A new tensor; the caller owns it.</returns>
    public static Tensor ResizeMatrix(int length, double scale, bool antialias = true)
    {
        var taps = ResizeWeights.Compute(length, (int)Math.Ceiling(scale * length), scale, InterpolationMethod.Bicubic, antialias);
        var matrix = new double[(long)taps.OutputLength * length];
        for (var x = 0; x < taps.OutputLength; x++)
        {
            for (var t = 0; t < taps.Taps; t++)
            {
                var tap = (x * taps.Taps) + t;
                matrix[((long)x * length) + taps.Indices[tap]] += taps.Weights[tap];
            }
        }

        return torch.tensor(matrix, [taps.OutputLength, length]);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 2)
        {
            throw new ArgumentException($"Expected a tensor whose last two dimensions are height and width; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        var rows = Matrix(input.shape[^2], input);
        var columns = Matrix(input.shape[^1], input);
        return torch.matmul(torch.matmul(rows, input), columns.t());
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_matricesLock)
            {
                foreach (var matrix in _matrices.Values)
                {
                    matrix.Dispose();
                }

                _matrices.Clear();
            }
        }

        base.Dispose(disposing);
    }

    // Training calls this once per batch with the same few sizes, so the matrices are kept per length,
    // device and type, outside any dispose scope.
    private Tensor Matrix(long length, Tensor like)
    {
        var key = (length, like.device_type, like.device_index, like.dtype);
        lock (_matricesLock)
        {
            if (!_matrices.TryGetValue(key, out var matrix))
            {
                using var scope = torch.NewDisposeScope();
                matrix = ResizeMatrix(checked((int)length), Scale, Antialias).to(like.dtype, like.device).DetachFromDisposeScope();
                _matrices.Add(key, matrix);
            }

            return matrix;
        }
    }
}
