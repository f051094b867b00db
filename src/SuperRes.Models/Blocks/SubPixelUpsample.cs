using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// Sub-pixel convolution upsampling (Shi et al., "Real-Time Single Image and Video Super-Resolution Using an
/// Efficient Sub-Pixel Convolutional Neural Network", CVPR 2016), laid out as BasicSR's <c>Upsample</c>: for
/// x3 one stage, for 2^n n stages of x2, each stage a 3x3 convolution to C * r^2 channels followed by a pixel
/// shuffle (and, optionally, an activation). Children are numbered as in BasicSR's <c>nn.Sequential</c>
/// (<c>0</c> conv, <c>1</c> shuffle, <c>2</c> conv, ...), so its checkpoints load key for key.
/// </summary>
public sealed class SubPixelUpsample : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = [];

    /// <summary>Initialises the upsampler.</summary>
    /// <param name="scale">2^n (n stages of x2) or 3 (one stage).</param>
    /// <param name="features">Channels in and out, at least 1.</param>
    /// <param name="activation">Makes the activation after each shuffle from its channel count (SRResNet's PReLU); none when null.</param>
    /// <param name="icnr">Initialise each stage's convolution with <see cref="InitializeIcnr"/> instead of PyTorch's default.</param>
    public SubPixelUpsample(int scale, int features, Func<int, nn.Module<Tensor, Tensor>>? activation = null, bool icnr = false)
        : base(nameof(SubPixelUpsample))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Scale = scale;
        StageFactors = StagesFor(scale);
        foreach (var factor in StageFactors)
        {
            var conv = SameConv.Create(features, features * factor * factor, 3);
            if (icnr)
            {
                InitializeIcnr(conv.weight!, factor);
            }

            _layers.Add(conv);
            _layers.Add(nn.PixelShuffle(factor));
            if (activation is not null)
            {
                _layers.Add(activation(features));
            }
        }

        for (var i = 0; i < _layers.Count; i++)
        {
            register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
        }
    }

    /// <summary>Gets the overall upscaling factor.</summary>
    public int Scale { get; }

    /// <summary>Gets the factor of each stage, first to last.</summary>
    public IReadOnlyList<int> StageFactors { get; }

    /// <summary>Gets a value indicating whether <paramref name="scale"/> can be built: 3 or a power of two from 2.</summary>
    /// <param name="scale">The factor.</param>
    /// <returns>True when supported.</returns>
    public static bool Supports(int scale) => scale == 3 || (scale >= 2 && int.IsPow2(scale));

    /// <summary>
    /// Gets how many input (low-resolution) pixels on each side can influence an output pixel of this
    /// upsampler followed by layers that read <paramref name="highResolutionRadius"/> output pixels on each side.
    /// </summary>
    /// <param name="highResolutionRadius">The radius, in output pixels, of the layers after the upsampler.</param>
    /// <returns>The radius in input pixels.</returns>
    /// <remarks>
    /// The first stage's 3x3 convolution reads 1 input pixel on each side. A 3x3 convolution on the grid of
    /// stage k (k x2 stages done) reads 1 pixel of that grid, which is Scale / 2^k output pixels. A shuffle
    /// sends input pixel q to output pixels [q r, q r + r - 1], so an output offset of R pixels reaches
    /// ceil(R / Scale) input pixels away.
    /// </remarks>
    public int ReceptiveRadius(int highResolutionRadius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(highResolutionRadius);
        var outputRadius = highResolutionRadius;

        // Only powers of two have more than one stage, so the grid after k stages is 2^k.
        for (var stage = 1; stage < StageFactors.Count; stage++)
        {
            outputRadius += Scale >> stage;
        }

        return 1 + ((outputRadius + Scale - 1) / Scale);
    }

    /// <summary>
    /// ICNR initialisation (Aitken et al., "Checkerboard artifact free sub-pixel convolution", 2017): draws a
    /// Kaiming-normal kernel for C output channels and repeats each r^2 times, so that right after
    /// initialisation conv + pixel shuffle equals a convolution followed by nearest-neighbour upsampling, free
    /// of checkerboard artefacts.
    /// </summary>
    /// <param name="weight">A convolution weight [C r^2, C_in, kh, kw], overwritten in place.</param>
    /// <param name="factor">The shuffle factor r that follows the convolution.</param>
    public static void InitializeIcnr(Tensor weight, int factor)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        var group = factor * factor;
        if (weight.dim() != 4 || weight.shape[0] % group != 0)
        {
            throw new ArgumentException($"ICNR needs a [C * {group}, C_in, kh, kw] weight; got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var shape = weight.shape.ToArray();
        shape[0] /= group;
        var kernel = torch.empty(shape, weight.dtype, weight.device);
        nn.init.kaiming_normal_(kernel);

        // Pixel shuffle reads channel c * r^2 + i * r + j into sub-pixel (i, j) of channel c.
        weight.copy_(kernel.repeat_interleave(group, 0));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.call(x);
        }

        return x;
    }

    private static int[] StagesFor(int scale)
    {
        if (!Supports(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Sub-pixel upsampling supports scale 3 and powers of two (2, 4, 8, ...).");
        }

        return scale == 3 ? [3] : Enumerable.Repeat(2, int.Log2(scale)).ToArray();
    }
}
