using SuperRes.Imaging;
using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="Edsr"/>; the defaults are the paper's baseline (16 blocks of 64 features).</summary>
public sealed record EdsrOptions
{
    /// <summary>Gets the paper's full model: 32 blocks of 256 features, residual scale 0.1.</summary>
    public static EdsrOptions Full { get; } = new() { ResidualBlocks = 32, Features = 256, ResidualScale = 0.1 };

    /// <summary>Gets the number of residual blocks (16).</summary>
    public int ResidualBlocks { get; init; } = 16;

    /// <summary>Gets the number of features (64).</summary>
    public int Features { get; init; } = 64;

    /// <summary>Gets the factor on each block's residual branch (1).</summary>
    public double ResidualScale { get; init; } = 1;

    /// <summary>Gets the RGB mean subtracted from the input and added to the output: DIV2K's (0.4488, 0.4371, 0.4040).</summary>
    public IReadOnlyList<float> RgbMean { get; init; } = [0.4488f, 0.4371f, 0.4040f];

    /// <summary>Gets the range the network computes in: inputs in [0, 1] are multiplied by it (255, as in BasicSR).</summary>
    public float ImageRange { get; init; } = 255;
}

/// <summary>
/// EDSR (Lim et al., "Enhanced Deep Residual Networks for Single Image Super-Resolution", CVPRW 2017) as
/// BasicSR's <c>edsr_arch.py</c> writes it, on RGB: the mean is subtracted and the image scaled to [0, 255];
/// conv, residual blocks without batch normalisation, conv and a skip; sub-pixel upsampling; conv; the mean
/// added back. Modules are named as in BasicSR (<c>conv_first</c>, <c>body.{i}.conv1/conv2</c>,
/// <c>conv_after_body</c>, <c>upsample.{i}</c>, <c>conv_last</c>) so its checkpoints load key for key.
/// </summary>
/// <remarks>
/// The paper trains x3 and x4 starting from the trained x2 model: every parameter except the upsampler's
/// (<c>upsample.*</c>) has the same shape at every scale. <see cref="ScaleIndependentParameterNames"/> lists
/// them and <see cref="CopyScaleIndependentParameters"/> copies them from a model of another scale.
/// </remarks>
public sealed class Edsr : SuperResolutionNetwork
{
    private const string UpsamplePrefix = "upsample.";

    [ComponentName(Name = "conv_first")]
    private readonly Conv2d _convFirst;

    [ComponentName(Name = "body")]
    private readonly Sequential _body;

    [ComponentName(Name = "conv_after_body")]
    private readonly Conv2d _convAfterBody;

    [ComponentName(Name = "upsample")]
    private readonly SubPixelUpsample _upsample;

    [ComponentName(Name = "conv_last")]
    private readonly Conv2d _convLast;

    // A field, so that the Scalar outlives every native call that reads it (see RootedScalars in SuperRes.Core).
    private readonly Scalar _imageRange;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The upscaling factor: 3 or a power of two from 2.</param>
    /// <param name="options">Layer sizes; the baseline when null, <see cref="EdsrOptions.Full"/> for the full model.</param>
    public Edsr(int scale, EdsrOptions? options = null)
        : base(nameof(Edsr), scale)
    {
        Options = options ?? new EdsrOptions();
        if (Options.RgbMean.Count != 3)
        {
            throw new ArgumentException($"The RGB mean needs 3 values; got {Options.RgbMean.Count}.", nameof(options));
        }

        var features = Options.Features;
        _convFirst = SameConv.Create(3, features, 3);
        _body = nn.Sequential(Enumerable.Range(0, Options.ResidualBlocks).Select(_ => new ResidualBlockNoBN(features, Options.ResidualScale)));
        _convAfterBody = SameConv.Create(features, features, 3);
        _upsample = new SubPixelUpsample(scale, features);
        _convLast = SameConv.Create(features, 3, 3);
        _imageRange = Options.ImageRange.ToScalar();
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public EdsrOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Rgb;

    /// <inheritdoc/>
    public override bool PreUpsampled => false;

    /// <inheritdoc/>
    public override int ReceptiveRadius =>
        SameConv.Radius(3) + (Options.ResidualBlocks * ResidualBlockNoBN.ReceptiveRadius) + SameConv.Radius(3) + _upsample.ReceptiveRadius(SameConv.Radius(3));

    /// <summary>Gets the names of the parameters whose shapes do not depend on the scale: all but <c>upsample.*</c>.</summary>
    public IEnumerable<string> ScaleIndependentParameterNames =>
        named_parameters().Select(p => p.name).Where(name => !name.StartsWith(UpsamplePrefix, StringComparison.Ordinal));

    /// <summary>Copies every parameter but the upsampler's from <paramref name="source"/>, as the paper seeds x3 and x4 training with the x2 model.</summary>
    /// <param name="source">A model with the same blocks and features, usually of another scale.</param>
    public void CopyScaleIndependentParameters(Edsr source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Options.Features != Options.Features || source.Options.ResidualBlocks != Options.ResidualBlocks)
        {
            throw new ArgumentException(
                $"The source has {source.Options.ResidualBlocks} blocks of {source.Options.Features} features; this model has {Options.ResidualBlocks} of {Options.Features}.",
                nameof(source));
        }

        using var _ = torch.no_grad();
        var from = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in named_parameters().Where(p => !p.name.StartsWith(UpsamplePrefix, StringComparison.Ordinal)))
        {
            parameter.copy_(from[name]);
        }
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // BasicSR keeps the mean as a plain attribute, outside the state_dict. TorchSharp would register a
        // Tensor field as a buffer (and so save it), so the mean is made on the input's device per call.
        using var mean = torch.tensor(Options.RgbMean.ToArray(), [1, 3, 1, 1], input.dtype, input.device);
        var x = _convFirst.call((input - mean).mul(_imageRange));
        var residual = _convAfterBody.call(_body.call(x)).add(x, RootedScalars.One);
        return _convLast.call(_upsample.call(residual)).div(_imageRange).add(mean, RootedScalars.One);
    }
}
