using SuperRes.Imaging;
using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="Vdsr"/>; the defaults are the paper's 20 layers of 64 filters.</summary>
public sealed record VdsrOptions
{
    /// <summary>Gets the number of 3x3 convolutions, input and output layers included (20).</summary>
    public int Depth { get; init; } = 20;

    /// <summary>Gets the number of filters of the hidden layers (64).</summary>
    public int Features { get; init; } = 64;

    /// <summary>Gets a value indicating whether the convolutions have biases (true; the public twtygqyy/pytorch-vdsr checkpoint has none).</summary>
    public bool Bias { get; init; } = true;
}

/// <summary>
/// VDSR (Kim et al., "Accurate Image Super-Resolution Using Very Deep Convolutional Networks", CVPR 2016):
/// 20 3x3 convolutions with ReLU on the bicubic-upscaled Y channel, learning the residual that is added back
/// to the input. Modules are named as in twtygqyy/pytorch-vdsr (<c>input</c>, <c>residual_layer.{i}.conv</c>,
/// <c>output</c>) so its checkpoint loads key for key.
/// </summary>
public sealed class Vdsr : SuperResolutionNetwork
{
    [ComponentName(Name = "input")]
    private readonly Conv2d _input;

    [ComponentName(Name = "residual_layer")]
    private readonly Sequential _residualLayer;

    [ComponentName(Name = "output")]
    private readonly nn.Module<Tensor, Tensor> _output;

    [ComponentName(Name = "relu")]
    private readonly ReLU _relu;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The factor of the bicubic pre-upscaling it is trained for.</param>
    /// <param name="options">Layer sizes; the paper's when null.</param>
    public Vdsr(int scale, VdsrOptions? options = null)
        : base(nameof(Vdsr), scale)
    {
        Options = options ?? new VdsrOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Depth, 2, nameof(options));
        _input = SameConv.Create(1, Options.Features, 3, Options.Bias);
        _residualLayer = nn.Sequential(Enumerable.Range(0, Options.Depth - 2).Select(_ => new ConvReluBlock(Options.Features, Options.Bias)));
        _output = SameConv.Fastest(Options.Features, 1, 3, Options.Bias);
        _relu = nn.ReLU();
        RegisterComponents();

        // He et al.'s initialisation, as the paper and pytorch-vdsr use: without it 20 layers of PyTorch's
        // default initialisation shrink the residual to nothing.
        using var _ = torch.no_grad();
        foreach (var weight in modules().Select(m => m switch { Conv2d conv => conv.weight, SingleOutputConv conv => conv.Weight, _ => null }).OfType<Tensor>())
        {
            nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        }
    }

    /// <summary>Gets the layer sizes.</summary>
    public VdsrOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Y;

    /// <inheritdoc/>
    public override bool PreUpsampled => true;

    /// <inheritdoc/>
    public override int ReceptiveRadius => Options.Depth * SameConv.Radius(3);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        input.add(_output.call(_residualLayer.call(_relu.call(_input.call(input)))), RootedScalars.One);

    // pytorch-vdsr's Conv_ReLU_Block, whose only parameter is 'conv'.
    private sealed class ConvReluBlock : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "conv")]
        private readonly Conv2d _conv;

        [ComponentName(Name = "relu")]
        private readonly ReLU _relu;

        public ConvReluBlock(int features, bool bias)
            : base("Conv_ReLU_Block")
        {
            _conv = SameConv.Create(features, features, 3, bias);
            _relu = nn.ReLU();
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => _relu.call(_conv.call(input));
    }
}
