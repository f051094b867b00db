using SuperRes.Imaging;
using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="SrResNet"/>; the defaults are the paper's B = 16 blocks of 64 filters.</summary>
public sealed record SrResNetOptions
{
    /// <summary>Gets the number of residual blocks B (16).</summary>
    public int ResidualBlocks { get; init; } = 16;

    /// <summary>Gets the number of filters (64).</summary>
    public int Features { get; init; } = 64;

    /// <summary>Gets the kernel size of the first and last convolutions (9).</summary>
    public int OuterKernel { get; init; } = 9;
}

/// <summary>
/// SRResNet, the generator of SRGAN (Ledig et al., "Photo-Realistic Single Image Super-Resolution Using a
/// Generative Adversarial Network", CVPR 2017), on RGB: 9x9 convolution and PReLU; B residual blocks
/// conv-BN-PReLU-conv-BN; conv-BN and a skip from the first layer's output; sub-pixel x2 stages (x3 in one
/// stage) each followed by PReLU; a 9x9 convolution to 3 channels. Convolutions followed by batch
/// normalisation have no bias, which the normalisation's shift would cancel.
/// </summary>
public sealed class SrResNet : SuperResolutionNetwork
{
    [ComponentName(Name = "conv_first")]
    private readonly Sequential _convFirst;

    [ComponentName(Name = "body")]
    private readonly Sequential _body;

    [ComponentName(Name = "conv_after_body")]
    private readonly Sequential _convAfterBody;

    [ComponentName(Name = "upsample")]
    private readonly SubPixelUpsample _upsample;

    [ComponentName(Name = "conv_last")]
    private readonly Conv2d _convLast;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The upscaling factor: 3 or a power of two from 2.</param>
    /// <param name="options">Layer sizes; the paper's when null.</param>
    public SrResNet(int scale, SrResNetOptions? options = null)
        : base(nameof(SrResNet), scale)
    {
        Options = options ?? new SrResNetOptions();
        var features = Options.Features;
        _convFirst = nn.Sequential(SameConv.Create(3, features, Options.OuterKernel), nn.PReLU(1));
        _body = nn.Sequential(Enumerable.Range(0, Options.ResidualBlocks).Select(_ => new ResidualBlockBN(features)));
        _convAfterBody = nn.Sequential(SameConv.Create(features, features, 3, bias: false), nn.BatchNorm2d(features));
        _upsample = new SubPixelUpsample(scale, features, _ => nn.PReLU(1));
        _convLast = SameConv.Create(features, 3, Options.OuterKernel);
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public SrResNetOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Rgb;

    /// <inheritdoc/>
    public override bool PreUpsampled => false;

    /// <inheritdoc/>
    public override int ReceptiveRadius =>
        SameConv.Radius(Options.OuterKernel) + (Options.ResidualBlocks * 2) + 1 + _upsample.ReceptiveRadius(SameConv.Radius(Options.OuterKernel));

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var features = _convFirst.call(input);
        return _convLast.call(_upsample.call(features.add(_convAfterBody.call(_body.call(features)), RootedScalars.One)));
    }

    // The SRGAN residual block; SRResNet is its only user.
    private sealed class ResidualBlockBN : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "conv1")]
        private readonly Conv2d _conv1;

        [ComponentName(Name = "bn1")]
        private readonly BatchNorm2d _bn1;

        [ComponentName(Name = "prelu")]
        private readonly PReLU _prelu;

        [ComponentName(Name = "conv2")]
        private readonly Conv2d _conv2;

        [ComponentName(Name = "bn2")]
        private readonly BatchNorm2d _bn2;

        public ResidualBlockBN(int features)
            : base(nameof(ResidualBlockBN))
        {
            _conv1 = SameConv.Create(features, features, 3, bias: false);
            _bn1 = nn.BatchNorm2d(features);
            _prelu = nn.PReLU(1);
            _conv2 = SameConv.Create(features, features, 3, bias: false);
            _bn2 = nn.BatchNorm2d(features);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) =>
            input.add(_bn2.call(_conv2.call(_prelu.call(_bn1.call(_conv1.call(input))))), RootedScalars.One);
    }
}
