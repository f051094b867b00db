using SuperRes.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Resolver;

/// <summary>A pre-upsampled network computing gain x input + bias per channel (a 1x1 convolution): with gain 1 and bias 0 the resolver reduces to bicubic interpolation.</summary>
internal sealed class AffineNetwork : SuperResolutionNetwork
{
    private readonly Conv2d _pointwise;

    public AffineNetwork(ColorMode colorMode, int scale, float gain = 1, float bias = 0)
        : base(nameof(AffineNetwork), scale)
    {
        ColorMode = colorMode;
        var channels = colorMode == ColorMode.Y ? 1 : 3;
        _pointwise = nn.Conv2d(channels, channels, 1);
        RegisterComponents();
        using var noGrad = no_grad();
        using var gains = eye(channels) * gain;
        _pointwise.weight!.copy_(gains.view(channels, channels, 1, 1));
        _pointwise.bias!.fill_(bias);
    }

    public override ColorMode ColorMode { get; }

    public override bool PreUpsampled => true;

    public override int ReceptiveRadius => 0;

    public override Tensor forward(Tensor input) => _pointwise.call(input);
}
