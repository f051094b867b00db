using SuperRes.Imaging;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// A residual block without batch normalisation, as EDSR introduced and BasicSR's <c>ResidualBlockNoBN</c>
/// writes it: x + res_scale * conv2(relu(conv1(x))), both convolutions 3x3 with padding 1. Parameters are
/// named <c>conv1</c> and <c>conv2</c> so BasicSR checkpoints load key for key.
/// </summary>
public sealed class ResidualBlockNoBN : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;

    [ComponentName(Name = "relu")]
    private readonly ReLU _relu;

    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;

    // Held by the block so it outlives every native call that reads it (see RootedScalars in SuperRes.Core).
    private readonly Scalar _residualScale;

    /// <summary>Initialises a block.</summary>
    /// <param name="features">Channels in and out, at least 1.</param>
    /// <param name="residualScale">The factor on the residual branch (EDSR uses 0.1 in its 256-feature model to keep training stable).</param>
    public ResidualBlockNoBN(int features, double residualScale = 1)
        : base(nameof(ResidualBlockNoBN))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ResidualScale = residualScale;
        _residualScale = residualScale.ToScalar();
        _conv1 = SameConv.Create(features, features, 3);
        _relu = nn.ReLU();
        _conv2 = SameConv.Create(features, features, 3);
        RegisterComponents();
    }

    /// <summary>Gets the factor on the residual branch.</summary>
    public double ResidualScale { get; }

    /// <summary>Gets how many pixels on each side the block reads: one per 3x3 convolution.</summary>
    public static int ReceptiveRadius => 2;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var residual = _conv2.call(_relu.call(_conv1.call(input)));
        return input.add(ResidualScale == 1 ? residual : residual.mul(_residualScale), RootedScalars.One);
    }
}
