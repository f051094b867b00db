using System.Runtime.InteropServices;
using SuperRes.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SuperRes.Models.Tests.Weights;

/// <summary>
/// Small stand-ins for the real networks, with their state-dict key names: SRCNN's <c>features.0</c>,
/// <c>map.0</c>, <c>reconstruction</c>; BasicSR EDSR's <c>conv_first</c>, <c>body.N.conv1/conv2</c>,
/// <c>conv_after_body</c>, <c>upsample.N</c>, <c>conv_last</c> and its non-persistent <c>mean</c> buffer.
/// </summary>
internal static class TestNetworks
{
    /// <summary>All of a module's state, by name, as raw float bits (for bit-exact comparisons).</summary>
    public static Dictionary<string, int[]> StateBits(nn.Module module) =>
        module.state_dict().ToDictionary(pair => pair.Key, pair => Bits(pair.Value));

    public static int[] Bits(Tensor tensor) =>
        MemoryMarshal.Cast<byte, int>(tensor.detach().contiguous().bytes).ToArray();

    /// <summary>Fills every parameter with seeded normal values, so that two networks start out different.</summary>
    public static T Randomised<T>(this T module, int seed)
        where T : nn.Module
    {
        using var _ = torch.no_grad();
        var generator = new torch.Generator((ulong)seed);
        foreach (var parameter in module.parameters())
        {
            parameter.copy_(torch.randn(parameter.shape, generator: generator));
        }

        return module;
    }
}

internal sealed class TinySrcnn : SuperResolutionNetwork
{
    private readonly Sequential features;
    private readonly Sequential map;
    private readonly Conv2d reconstruction;

    public TinySrcnn(int scale, int features = 64, int mapped = 32, int kernel1 = 9, int kernel3 = 5)
        : base(nameof(TinySrcnn), scale)
    {
        this.features = Sequential(Conv2d(1, features, kernel1, padding: kernel1 / 2), ReLU());
        map = Sequential(Conv2d(features, mapped, 1), ReLU());
        reconstruction = Conv2d(mapped, 1, kernel3, padding: kernel3 / 2);
        RegisterComponents();
    }

    public override ColorMode ColorMode => ColorMode.Y;

    public override bool PreUpsampled => true;

    public override int ReceptiveRadius => 6;

    public override Tensor forward(Tensor input) => reconstruction.forward(map.forward(features.forward(input)));
}

internal sealed class TinyEdsr : SuperResolutionNetwork
{
    private readonly Conv2d conv_first;
    private readonly Sequential body;
    private readonly Conv2d conv_after_body;
    private readonly Sequential upsample;
    private readonly Conv2d conv_last;

    public TinyEdsr(int scale = 2, int features = 4, int blocks = 2)
        : base(nameof(TinyEdsr), scale)
    {
        conv_first = Conv2d(3, features, 3, padding: 1);
        body = Sequential(Enumerable.Range(0, blocks).Select(i => ($"{i}", (nn.Module<Tensor, Tensor>)new ResidualBlock(features))).ToArray());
        conv_after_body = Conv2d(features, features, 3, padding: 1);
        upsample = Sequential(Conv2d(features, features * scale * scale, 3, padding: 1), PixelShuffle(scale));
        conv_last = Conv2d(features, 3, 3, padding: 1);
        RegisterComponents();

        // The DIV2K RGB mean: rebuilt by the constructor, so not part of the saved state.
        register_buffer("mean", torch.tensor(new[] { 0.4488f, 0.4371f, 0.4040f }).view(1, 3, 1, 1), persistent: false);
    }

    public override ColorMode ColorMode => ColorMode.Rgb;

    public override bool PreUpsampled => false;

    public override int ReceptiveRadius => 10;

    public override Tensor forward(Tensor input)
    {
        var mean = get_buffer("mean")!;
        var features = conv_first.forward(input - mean);
        return conv_last.forward(upsample.forward(conv_after_body.forward(body.forward(features)) + features)) + mean;
    }

    private sealed class ResidualBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly Conv2d conv2;

        public ResidualBlock(int features)
            : base(nameof(ResidualBlock))
        {
            conv1 = Conv2d(features, features, 3, padding: 1);
            conv2 = Conv2d(features, features, 3, padding: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input + conv2.forward(functional.relu(conv1.forward(input)));
    }
}

/// <summary>VDSR as twtygqyy/pytorch-vdsr defines it: 20 bias-free 3x3 convolutions, 18 of them in Conv_ReLU_Blocks.</summary>
internal sealed class TwtygqyyVdsr : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d input;
    private readonly Sequential residual_layer;
    private readonly Conv2d output;

    public TwtygqyyVdsr()
        : base(nameof(TwtygqyyVdsr))
    {
        input = Conv2d(1, 64, 3, padding: 1, bias: false);
        residual_layer = Sequential(Enumerable.Range(0, 18).Select(i => ($"{i}", (nn.Module<Tensor, Tensor>)new ConvReluBlock())).ToArray());
        output = Conv2d(64, 1, 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image) =>
        output.forward(residual_layer.forward(functional.relu(input.forward(image)))) + image;

    private sealed class ConvReluBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;

        public ConvReluBlock()
            : base(nameof(ConvReluBlock))
        {
            conv = Conv2d(64, 64, 3, padding: 1, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor features) => functional.relu(conv.forward(features));
    }
}
