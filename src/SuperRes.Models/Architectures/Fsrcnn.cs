using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="Fsrcnn"/>; the defaults are the paper's FSRCNN(56, 12, 4).</summary>
public sealed record FsrcnnOptions
{
    /// <summary>Gets the paper's small real-time model, FSRCNN-s(32, 5, 1).</summary>
    public static FsrcnnOptions Small { get; } = new() { Features = 32, ShrunkFeatures = 5, MappingLayers = 1 };

    /// <summary>Gets the number of feature-extraction (and expansion) filters d (56).</summary>
    public int Features { get; init; } = 56;

    /// <summary>Gets the number of filters after shrinking, s (12).</summary>
    public int ShrunkFeatures { get; init; } = 12;

    /// <summary>Gets the number of 3x3 mapping layers m (4).</summary>
    public int MappingLayers { get; init; } = 4;

    /// <summary>Gets the feature-extraction kernel size (5).</summary>
    public int ExtractionKernel { get; init; } = 5;

    /// <summary>Gets the deconvolution kernel size (9).</summary>
    public int DeconvolutionKernel { get; init; } = 9;
}

/// <summary>
/// FSRCNN (Dong et al., "Accelerating the Super-Resolution Convolutional Neural Network", ECCV 2016): works
/// on the LR Y channel and upscales at the end with a transposed convolution. Feature extraction 5x5 to d,
/// shrinking 1x1 to s, m mapping layers 3x3, expanding 1x1 to d, each followed by PReLU, then a 9x9
/// deconvolution with stride = scale. Modules are named as in Lornatang/FSRCNN-PyTorch
/// (<c>feature_extraction</c>, <c>shrink</c>, <c>map</c>, <c>expand</c>, <c>deconv</c>).
/// </summary>
public sealed class Fsrcnn : SuperResolutionNetwork
{
    [ComponentName(Name = "feature_extraction")]
    private readonly Sequential _featureExtraction;

    [ComponentName(Name = "shrink")]
    private readonly Sequential _shrink;

    [ComponentName(Name = "map")]
    private readonly Sequential _map;

    [ComponentName(Name = "expand")]
    private readonly Sequential _expand;

    [ComponentName(Name = "deconv")]
    private readonly TransposedConvUpsample _deconv;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The upscaling factor, at least 2.</param>
    /// <param name="options">Layer sizes; FSRCNN(56, 12, 4) when null.</param>
    public Fsrcnn(int scale, FsrcnnOptions? options = null)
        : base(nameof(Fsrcnn), scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 2);
        Options = options ?? new FsrcnnOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.MappingLayers, nameof(options));
        int d = Options.Features, s = Options.ShrunkFeatures;
        _featureExtraction = nn.Sequential(ConvPrelu(1, d, Options.ExtractionKernel));
        _shrink = nn.Sequential(ConvPrelu(d, s, 1));
        _map = nn.Sequential(Enumerable.Range(0, Options.MappingLayers).SelectMany(_ => ConvPrelu(s, s, 3)));
        _expand = nn.Sequential(ConvPrelu(s, d, 1));
        _deconv = new TransposedConvUpsample(d, 1, Options.DeconvolutionKernel, scale);
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public FsrcnnOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Y;

    /// <inheritdoc/>
    public override bool PreUpsampled => false;

    /// <inheritdoc/>
    public override int ReceptiveRadius =>
        SameConv.Radius(Options.ExtractionKernel) + Options.MappingLayers + TransposedConvUpsample.ReceptiveRadius(Options.DeconvolutionKernel, Scale);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        _deconv.call(_expand.call(_map.call(_shrink.call(_featureExtraction.call(input)))));

    private static nn.Module<Tensor, Tensor>[] ConvPrelu(int inChannels, int outChannels, int kernel) =>
        [SameConv.Create(inChannels, outChannels, kernel), nn.PReLU(outChannels)];
}
