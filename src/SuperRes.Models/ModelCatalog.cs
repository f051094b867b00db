using SuperRes.Models.Architectures;

namespace SuperRes.Models;

/// <summary>The networks SuperRes can build, by name.</summary>
public static class ModelCatalog
{
    private static readonly int[] ClassicScales = [2, 3, 4];
    private static readonly int[] SubPixelScales = [2, 3, 4, 8];

    /// <summary>Gets every model, in the order they appeared in the literature.</summary>
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        new("srcnn", "SRCNN 9-5-5 (Dong et al., TPAMI 2016) on the bicubic-upscaled Y channel.", ClassicScales, s => new Srcnn(s)),
        new("srcnn-915", "SRCNN 9-1-5, the lighter variant with a 1x1 mapping layer.", ClassicScales, s => new Srcnn(s, SrcnnOptions.Srcnn915)),
        new("fsrcnn", "FSRCNN(56, 12, 4) (Dong et al., ECCV 2016): Y channel, transposed-convolution upsampling.", ClassicScales, s => new Fsrcnn(s)),
        new("fsrcnn-s", "FSRCNN-s(32, 5, 1), the real-time variant.", ClassicScales, s => new Fsrcnn(s, FsrcnnOptions.Small)),
        new("espcn", "ESPCN (Shi et al., CVPR 2016): Y channel, sub-pixel convolution.", SubPixelScales, s => new Espcn(s)),
        new("vdsr", "VDSR (Kim et al., CVPR 2016): 20 layers, global residual on the bicubic-upscaled Y channel.", ClassicScales, s => new Vdsr(s)),
        new("srresnet", "SRResNet (Ledig et al., CVPR 2017), the SRGAN generator: 16 residual blocks with batch normalisation, RGB.", SubPixelScales, s => new SrResNet(s)),
        new("edsr-baseline", "EDSR baseline (Lim et al., CVPRW 2017): 16 blocks of 64 features, no batch normalisation, RGB.", SubPixelScales, s => new Edsr(s)),
        new("edsr", "EDSR (Lim et al., CVPRW 2017): 32 blocks of 256 features, residual scale 0.1, RGB.", SubPixelScales, s => new Edsr(s, EdsrOptions.Full)),
    ];

    /// <summary>Gets the model called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A catalog name such as <c>edsr-baseline</c>.</param>
    /// <returns>Its description.</returns>
    /// <exception cref="ArgumentException">No model has that name; the message lists the known names.</exception>
    public static ModelInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));
    }

    /// <summary>Builds the model called <paramref name="name"/> for <paramref name="scale"/>, freshly initialised.</summary>
    /// <param name="name">A catalog name.</param>
    /// <param name="scale">One of the model's <see cref="ModelInfo.Scales"/>.</param>
    /// <returns>A new network; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported scale.</exception>
    public static SuperResolutionNetwork Create(string name, int scale) => Get(name).Create(scale);
}
