using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="Srcnn"/>; the defaults are the paper's 9-5-5 network.</summary>
public sealed record SrcnnOptions
{
    /// <summary>Gets the 9-1-5 variant of the paper (1x1 non-linear mapping).</summary>
    public static SrcnnOptions Srcnn915 { get; } = new() { MappingKernel = 1 };

    /// <summary>Gets the patch-extraction kernel size f1 (9).</summary>
    public int ExtractionKernel { get; init; } = 9;

    /// <summary>Gets the number of patch-extraction filters n1 (64).</summary>
    public int ExtractionFeatures { get; init; } = 64;

    /// <summary>Gets the non-linear mapping kernel size f2 (5; 1 in the 9-1-5 variant).</summary>
    public int MappingKernel { get; init; } = 5;

    /// <summary>Gets the number of non-linear mapping filters n2 (32).</summary>
    public int MappingFeatures { get; init; } = 32;

    /// <summary>Gets the reconstruction kernel size f3 (5).</summary>
    public int ReconstructionKernel { get; init; } = 5;
}

/// <summary>
/// SRCNN (Dong et al., "Image Super-Resolution Using Deep Convolutional Networks", TPAMI 2016): three
/// convolutions on the bicubic-upscaled Y channel. Unlike the paper's valid convolutions, each layer is
/// zero-padded so the output has the input's size. Modules are named as in Lornatang/SRCNN-PyTorch
/// (<c>features.0</c>, <c>map.0</c>, <c>reconstruction</c>) so its checkpoints load key for key.
/// </summary>
public sealed class Srcnn : SuperResolutionNetwork
{
    [ComponentName(Name = "features")]
    private readonly Sequential _features;

    [ComponentName(Name = "map")]
    private readonly Sequential _map;

    [ComponentName(Name = "reconstruction")]
    private readonly nn.Module<Tensor, Tensor> _reconstruction;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The factor of the bicubic pre-upscaling it is trained for.</param>
    /// <param name="options">Layer sizes; the paper's 9-5-5 when null.</param>
    public Srcnn(int scale, SrcnnOptions? options = null)
        : base(nameof(Srcnn), scale)
    {
        Options = options ?? new SrcnnOptions();
        _features = nn.Sequential(SameConv.Create(1, Options.ExtractionFeatures, Options.ExtractionKernel), nn.ReLU());
        _map = nn.Sequential(SameConv.Create(Options.ExtractionFeatures, Options.MappingFeatures, Options.MappingKernel), nn.ReLU());
        _reconstruction = SameConv.Fastest(Options.MappingFeatures, 1, Options.ReconstructionKernel);
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public SrcnnOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Y;

    /// <inheritdoc/>
    public override bool PreUpsampled => true;

    /// <inheritdoc/>
    public override int ReceptiveRadius =>
        SameConv.Radius(Options.ExtractionKernel) + SameConv.Radius(Options.MappingKernel) + SameConv.Radius(Options.ReconstructionKernel);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => _reconstruction.call(_map.call(_features.call(input)));
}
