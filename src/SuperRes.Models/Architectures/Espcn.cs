using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models.Architectures;

/// <summary>The layer sizes of <see cref="Espcn"/>; the defaults are the paper's (f1 = 5, n1 = 64, f2 = 3, n2 = 32, f3 = 3).</summary>
public sealed record EspcnOptions
{
    /// <summary>Gets the first kernel size f1 (5).</summary>
    public int FirstKernel { get; init; } = 5;

    /// <summary>Gets the first layer's filters n1 (64).</summary>
    public int FirstFeatures { get; init; } = 64;

    /// <summary>Gets the second kernel size f2 (3).</summary>
    public int SecondKernel { get; init; } = 3;

    /// <summary>Gets the second layer's filters n2 (32).</summary>
    public int SecondFeatures { get; init; } = 32;

    /// <summary>Gets the sub-pixel convolution's kernel size f3 (3).</summary>
    public int SubPixelKernel { get; init; } = 3;
}

/// <summary>
/// ESPCN (Shi et al., "Real-Time Single Image and Video Super-Resolution Using an Efficient Sub-Pixel
/// Convolutional Neural Network", CVPR 2016): two tanh convolutions on the LR Y channel, then one convolution
/// to r^2 channels that a pixel shuffle rearranges into the r-times larger image. Modules are named as in
/// Lornatang/ESPCN-PyTorch (<c>feature_maps</c>, <c>sub_pixel</c>).
/// </summary>
public sealed class Espcn : SuperResolutionNetwork
{
    [ComponentName(Name = "feature_maps")]
    private readonly Sequential _featureMaps;

    [ComponentName(Name = "sub_pixel")]
    private readonly Sequential _subPixel;

    /// <summary>Initialises the network.</summary>
    /// <param name="scale">The upscaling factor r, at least 2 (one shuffle of r, whatever r is).</param>
    /// <param name="options">Layer sizes; the paper's when null.</param>
    public Espcn(int scale, EspcnOptions? options = null)
        : base(nameof(Espcn), scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 2);
        Options = options ?? new EspcnOptions();
        _featureMaps = nn.Sequential(
            SameConv.Create(1, Options.FirstFeatures, Options.FirstKernel),
            nn.Tanh(),
            SameConv.Create(Options.FirstFeatures, Options.SecondFeatures, Options.SecondKernel),
            nn.Tanh());
        _subPixel = nn.Sequential(
            SameConv.Create(Options.SecondFeatures, scale * scale, Options.SubPixelKernel),
            nn.PixelShuffle(scale));
        RegisterComponents();
    }

    /// <summary>Gets the layer sizes.</summary>
    public EspcnOptions Options { get; }

    /// <inheritdoc/>
    public override ColorMode ColorMode => ColorMode.Y;

    /// <inheritdoc/>
    public override bool PreUpsampled => false;

    // All convolutions run on the LR grid and the shuffle only rearranges, so output pixel y depends on
    // LR pixel floor(y / r) and its neighbours within the convolutions' radii.

    /// <inheritdoc/>
    public override int ReceptiveRadius =>
        SameConv.Radius(Options.FirstKernel) + SameConv.Radius(Options.SecondKernel) + SameConv.Radius(Options.SubPixelKernel);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => _subPixel.call(_featureMaps.call(input));
}
