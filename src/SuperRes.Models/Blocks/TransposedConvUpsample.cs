using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// Upsampling by transposed convolution (FSRCNN's deconvolution layer): kernel k, stride = scale, with
/// padding and output padding chosen so that the output is exactly scale x the input, for any scale. Its
/// parameters are PyTorch's <c>ConvTranspose2d</c> <c>weight</c> [in, out, k, k] and <c>bias</c>, initialised as
/// PyTorch initialises them, so checkpoints load key for key.
/// </summary>
/// <remarks>
/// <para>
/// A transposed convolution gives out = (in - 1) s - 2 p + k + output_padding. Asking out = s in gives
/// output_padding = s + 2 p - k. With p = (k - 1) / 2 (the kernel centred, k odd) this is s - 1, which
/// PyTorch accepts because it is below the stride. FSRCNN's 9x9 layer thus gets p = 4, output_padding = s - 1,
/// as in the public FSRCNN ports.
/// </para>
/// <para>
/// It is computed as one ordinary convolution with s² outputs per channel followed by a pixel shuffle: the same
/// function and gradients, but LibTorch's CPU convolution is several times faster than its transposed one.
/// Output y = s Y + a receives x[Y + m] w[a + p - s m] for every m with 0 &lt;= a + p - s m &lt; k, so phase a is
/// a correlation of the input with the taps a + p - s m, m from ceil((p - k + 1) / s) to floor((s - 1 + p) / s)
/// over all phases, taps outside the kernel being zero. The input is zero-padded by -m_min before and m_max
/// after: exactly the zeros the transposed convolution sees beyond the border.
/// </para>
/// </remarks>
public sealed class TransposedConvUpsample : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter _bias;

    private readonly int _firstOffset;
    private readonly int _lastOffset;
    private readonly long[] _tapIndex;

    /// <summary>Initialises the transposed convolution.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride and upscaling factor, at least 1.</param>
    public TransposedConvUpsample(long inChannels, long outChannels, int kernel, int scale)
        : base(nameof(TransposedConvUpsample))
    {
        var (padding, outputPadding) = Padding(kernel, scale);
        (Kernel, Scale) = (kernel, scale);
        using (var initialised = nn.ConvTranspose2d(inChannels, outChannels, kernel, scale, padding, outputPadding))
        {
            _weight = nn.Parameter(initialised.weight!.detach().clone());
            _bias = nn.Parameter(initialised.bias!.detach().clone());
        }

        _firstOffset = (int)Math.Ceiling((double)(padding - kernel + 1) / scale);
        _lastOffset = (scale - 1 + padding) / scale;
        var offsets = _lastOffset - _firstOffset + 1;

        // For each (phase, offset) the kernel tap it reads, or index k: a zero appended to the kernel.
        _tapIndex = new long[scale * offsets];
        for (var a = 0; a < scale; a++)
        {
            for (var m = 0; m < offsets; m++)
            {
                var tap = a + padding - (scale * (m + _firstOffset));
                _tapIndex[(a * offsets) + m] = tap >= 0 && tap < kernel ? tap : kernel;
            }
        }

        RegisterComponents();
    }

    /// <summary>Gets the weight, [in, out, k, k] as in PyTorch's <c>ConvTranspose2d</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>Gets the bias, one per output channel.</summary>
    public Parameter Bias => _bias;

    /// <summary>Gets the kernel size.</summary>
    public int Kernel { get; }

    /// <summary>Gets the stride, which is the upscaling factor.</summary>
    public int Scale { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (inChannels, outChannels) = (_weight.shape[0], _weight.shape[1]);
        var offsets = _lastOffset - _firstOffset + 1;
        var gather = tensor(_tapIndex, device: _weight.device);
        var phases = nn.functional.pad(_weight, [0, 1, 0, 1])
            .index_select(2, gather).index_select(3, gather)
            .view(inChannels, outChannels, Scale, offsets, Scale, offsets)
            .permute(1, 2, 4, 0, 3, 5)
            .reshape(outChannels * Scale * Scale, inChannels, offsets, offsets);
        var shifted = nn.functional.pad(input, [-_firstOffset, _lastOffset, -_firstOffset, _lastOffset]);
        var output = nn.functional.pixel_shuffle(nn.functional.conv2d(shifted, phases, _bias.repeat_interleave(Scale * Scale)), Scale);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Gets the padding and output padding that make the output exactly <paramref name="scale"/> times the input.</summary>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride, at least 1.</param>
    /// <returns>p = (k - 1) / 2 and output_padding = s + 2 p - k = s - 1.</returns>
    public static (int Padding, int OutputPadding) Padding(int kernel, int scale)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "The transposed convolution needs an odd kernel size so that it can be centred.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var padding = (kernel - 1) / 2;
        return (padding, scale + (2 * padding) - kernel);
    }

    /// <summary>Gets how many input pixels on each side can influence an output pixel.</summary>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride.</param>
    /// <returns>ceil(p / s) with p = (k - 1) / 2.</returns>
    /// <remarks>
    /// Output y = q s + j (0 &lt;= j &lt; s) receives input i when i s - p &lt;= y &lt;= i s - p + k - 1, that is
    /// q + ceil((j + p - k + 1) / s) &lt;= i &lt;= q + floor((j + p) / s). Over j the upper end reaches
    /// q + ceil(p / s) and the lower end q - floor((k - 1 - p) / s), which for a centred kernel is no farther.
    /// </remarks>
    public static int ReceptiveRadius(int kernel, int scale)
    {
        var (padding, _) = Padding(kernel, scale);
        return (padding + scale - 1) / scale;
    }
}
