using SuperRes.Models.Weights;

namespace SuperRes.Models;

/// <summary>How a <see cref="ModelResolver"/> runs its network: tiling, device and threads.</summary>
public sealed record ModelResolverOptions
{
    /// <summary>
    /// Gets the largest tile, margins included, that goes through the network at once, in pixels of the
    /// network's input (the low-resolution image, or the bicubic-upscaled one for pre-upsampled networks).
    /// Null or 0 runs the whole image at once. Otherwise it must exceed twice <see cref="TileOverlap"/>, so
    /// that each tile keeps a core of at least one pixel. Tiling bounds the memory the network needs by the
    /// tile rather than the image.
    /// </summary>
    public int? TileSize { get; init; }

    /// <summary>
    /// Gets the margin, in network input pixels, cut around each tile's core and discarded after the network
    /// has run. Null means the network's <see cref="SuperResolutionNetwork.ReceptiveRadius"/>, the smallest
    /// margin with which the tiled output equals the untiled one; a smaller value trades exactness for speed.
    /// </summary>
    public int? TileOverlap { get; init; }

    /// <summary>
    /// Gets what the network sees beyond the image borders, or null for what its weights were trained with:
    /// <see cref="WeightsMetadata.BorderPadding"/> when <see cref="SuperResolvers"/> loads weights with our metadata,
    /// <see cref="BorderPadding.Zero"/> otherwise.
    /// </summary>
    public BorderPadding? BorderPadding { get; init; }

    /// <summary>Gets where the network runs; <see cref="ComputeDevice.Auto"/> by default.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>
    /// Gets the number of CPU threads LibTorch uses within one operation, or null to leave LibTorch's setting
    /// alone. The setting is process-wide: it applies to every TorchSharp computation in the process, not only
    /// to this resolver, and the last resolver constructed with it wins.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Gets a value indicating whether each tile goes through the network eight times, once per rotation by a multiple
    /// of 90 degrees with and without a mirror flip, and the eight outputs, turned back, are averaged: the geometric
    /// self-ensemble of Lim et al., EDSR+ (CVPRW 2017). It costs eight times the network's time; docs/MODEL_ZOO.md
    /// gives what it adds on the benchmark sets. The papers' figures that our shipped weights are measured against
    /// are single passes, without it. False by default.
    /// </summary>
    public bool SelfEnsemble { get; init; }

    /// <summary>Gets the largest input and output images the resolver accepts; <see cref="SuperResLimits.Default"/> unless set.</summary>
    public SuperResLimits Limits { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = SuperResLimits.Default;
}
