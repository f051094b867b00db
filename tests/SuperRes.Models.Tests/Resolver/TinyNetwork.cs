using SuperRes.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Resolver;

/// <summary>
/// Three 3x3 convolutions with fixed seeded weights, then pixel shuffle (unless pre-upsampled) and a sigmoid, so
/// outputs stay inside (0, 1) and differences are not hidden by clamping. Each convolution reaches one pixel
/// further, so the receptive radius is 3.
/// </summary>
internal sealed class TinyNetwork : SuperResolutionNetwork
{
    private readonly Conv2d _head;
    private readonly Conv2d _body;
    private readonly Conv2d _tail;

    public TinyNetwork(ColorMode colorMode, int scale, bool preUpsampled = false, ulong seed = 1)
        : base(nameof(TinyNetwork), scale)
    {
        ColorMode = colorMode;
        PreUpsampled = preUpsampled;
        var channels = colorMode == ColorMode.Y ? 1 : 3;
        _head = nn.Conv2d(channels, 8, 3, padding: 1);
        _body = nn.Conv2d(8, 8, 3, padding: 1);
        _tail = nn.Conv2d(8, channels * (preUpsampled ? 1 : scale * scale), 3, padding: 1);
        RegisterComponents();

        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var parameter in parameters())
        {
            using var values = randn(parameter.shape, generator: generator);
            parameter.copy_(values * 0.4);
        }
    }

    public override ColorMode ColorMode { get; }

    public override bool PreUpsampled { get; }

    public override int ReceptiveRadius => 3;

    public override Tensor forward(Tensor input)
    {
        var features = nn.functional.relu(_body.call(nn.functional.relu(_head.call(input))));
        var output = _tail.call(features);
        return sigmoid(PreUpsampled ? output : nn.functional.pixel_shuffle(output, Scale));
    }
}
