using SuperRes.Models;

namespace SuperRes.Extensions.DependencyInjection;

/// <summary>Which <see cref="ISuperResolver"/> <c>AddSuperResolution</c> registers, and how it runs.</summary>
public sealed class SuperResolutionOptions
{
    /// <summary>
    /// Gets or sets the model: a classic interpolation (<c>nearest</c>, <c>bilinear</c>, <c>bicubic</c>), a
    /// <see cref="ModelCatalog"/> network with pretrained weights for <see cref="Scale"/> (case-insensitive), or
    /// <see cref="SuperResolvers.Auto"/>, the default: the shipped network with the best Set5 PSNR at that scale.
    /// </summary>
    public string Model { get; set; } = SuperResolvers.Auto;

    /// <summary>Gets or sets the enlargement factor; networks support the scales their catalog entry lists. Defaults to 2.</summary>
    public int Scale { get; set; } = 2;

    /// <summary>Gets or sets where a network runs; <see cref="ComputeDevice.Auto"/> (CUDA when present) by default. Classic interpolation always runs on the CPU.</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>Gets or sets a network's tile size (see <see cref="ModelResolverOptions.TileSize"/>); null runs whole images.</summary>
    public int? TileSize { get; set; }

    /// <summary>Gets or sets a network's tile margin (see <see cref="ModelResolverOptions.TileOverlap"/>); null means the network's receptive radius.</summary>
    public int? TileOverlap { get; set; }

    /// <summary>Gets or sets LibTorch's process-wide CPU thread count (see <see cref="ModelResolverOptions.Threads"/>); null leaves it alone.</summary>
    public int? Threads { get; set; }

    /// <summary>Gets or sets a value indicating whether a network averages its eight rotated and mirrored passes (see <see cref="ModelResolverOptions.SelfEnsemble"/>); classic methods ignore it.</summary>
    public bool SelfEnsemble { get; set; }

    /// <summary>
    /// Gets or sets the largest input and output images the resolver accepts, for classic methods and networks
    /// alike; null, the default, means <see cref="SuperResLimits.Default"/>. From configuration:
    /// <c>Limits:MaxInputPixels</c>, <c>Limits:MaxOutputPixels</c>, <c>Limits:MaxDimension</c>,
    /// <c>Limits:MaxBufferedInputBytes</c>.
    /// </summary>
    public SuperResLimits? Limits { get; set; }
}
