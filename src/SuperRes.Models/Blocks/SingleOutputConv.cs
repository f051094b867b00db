using SuperRes.Imaging;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// A stride-1 'same' convolution to one output channel (SRCNN's and VDSR's last layer), computed as a matrix
/// product and shifted additions. LibTorch's direct CPU kernel runs such layers at a few GFLOP/s, a tenth of its
/// rate on many channels (BENCHMARKS.md); this form is about three times faster. Parameters are PyTorch's
/// <c>Conv2d</c> <c>weight</c> [1, in, k, k] and <c>bias</c>, initialised as PyTorch initialises them, so
/// checkpoints load key for key.
/// </summary>
/// <remarks>
/// A 1x1 convolution (a matrix product over the channels) gives, for every pixel, its contribution to each of
/// the k² outputs around it; k² shifted additions gather them. It runs over horizontal strips of the
/// zero-padded input so that the k²-fold intermediate stays near <see cref="StripElements"/> floats, whatever
/// the image size. (The mirror form for one input channel, k² shifted copies then a 1x1 convolution, measured
/// no faster than LibTorch's kernel, so first layers stay <see cref="Conv2d"/>.)
/// </remarks>
public sealed class SingleOutputConv : nn.Module<Tensor, Tensor>
{
    /// <summary>The intermediate size, in floats, that a strip aims at (16 MB).</summary>
    public const long StripElements = 1L << 22;

    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    [ComponentName(Name = "bias")]
    private readonly Parameter? _bias;

    private readonly long _stripElements;

    /// <summary>Initialises the convolution.</summary>
    /// <param name="inChannels">Input channels, at least 1.</param>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="bias">Whether the convolution adds a bias.</param>
    /// <param name="stripElements">The strip budget (<see cref="StripElements"/> unless a test wants many strips).</param>
    public SingleOutputConv(long inChannels, int kernel, bool bias = true, long stripElements = StripElements)
        : base(nameof(SingleOutputConv))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripElements, 1);
        using (var initialised = SameConv.Create(inChannels, 1, kernel, bias))
        {
            _weight = nn.Parameter(initialised.weight!.detach().clone());
            _bias = bias ? nn.Parameter(initialised.bias!.detach().clone()) : null;
        }

        (InChannels, Kernel, _stripElements) = (inChannels, kernel, stripElements);
        RegisterComponents();
    }

    /// <summary>Gets the weight, [1, in, k, k] as in PyTorch's <c>Conv2d</c>.</summary>
    public Parameter Weight => _weight;

    /// <summary>Gets the bias, or null without one.</summary>
    public Parameter? Bias => _bias;

    /// <summary>Gets the input channels.</summary>
    public long InChannels { get; }

    /// <summary>Gets the kernel size.</summary>
    public int Kernel { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var radius = Kernel / 2;
        var taps = (long)Kernel * Kernel;
        var padded = nn.functional.pad(input, [radius, radius, radius, radius]);
        var contribute = _weight.permute(2, 3, 0, 1).reshape(taps, InChannels, 1, 1);
        var stripRows = Math.Clamp(_stripElements / (taps * (width + (2 * radius)) * batch), 1, height);
        var strips = new List<Tensor>();
        for (long top = 0; top < height; top += stripRows)
        {
            var rows = Math.Min(stripRows, height - top);

            // contributions[:, dy k + dx] at (y, x) is what that pixel adds to the output at (y - dy, x - dx).
            var contributions = nn.functional.conv2d(padded.narrow(2, top, rows + (2 * radius)), contribute);
            Tensor? sum = null;
            for (var dy = 0; dy < Kernel; dy++)
            {
                for (var dx = 0; dx < Kernel; dx++)
                {
                    var shifted = contributions.narrow(1, (dy * Kernel) + dx, 1).narrow(2, dy, rows).narrow(3, dx, width);
                    sum = sum is null ? shifted.clone() : sum.add_(shifted, RootedScalars.One);
                }
            }

            strips.Add(sum!);
        }

        var output = strips.Count == 1 ? strips[0] : cat(strips, 2);
        return (_bias is null ? output : output + _bias.view(1, 1, 1, 1)).MoveToOuterDisposeScope();
    }
}
