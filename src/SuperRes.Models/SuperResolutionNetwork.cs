using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models;

/// <summary>
/// The base of every super-resolution network: a module from an NCHW float32 batch in [0, 1] to a batch
/// <see cref="Scale"/> times larger (or, for <see cref="PreUpsampled"/> networks, the same size as its input,
/// which is the bicubic-upscaled LR image).
/// </summary>
public abstract class SuperResolutionNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Initialises the network's common facts, and applies SuperRes's process-wide LibTorch settings (<see cref="LibTorchDefaults"/>: oneDNN held to SSE4.1, C++ warnings quieted) unless the user chose otherwise.</summary>
    /// <param name="name">The module name (TorchSharp's).</param>
    /// <param name="scale">The upscaling factor it was built for.</param>
    protected SuperResolutionNetwork(string name, int scale)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        LibTorchDefaults.Apply();
        Scale = scale;
    }

    /// <summary>Gets the upscaling factor.</summary>
    public int Scale { get; }

    /// <summary>Gets which channels the network takes and returns.</summary>
    public abstract ColorMode ColorMode { get; }

    /// <summary>Gets a value indicating whether the input is first enlarged to the output size by bicubic interpolation (SRCNN, VDSR).</summary>
    public abstract bool PreUpsampled { get; }

    /// <summary>
    /// Gets how many pixels of the network's input, on each side of a pixel, can influence the output at that
    /// pixel. Tiles that overlap by at least this much reproduce the untiled output.
    /// </summary>
    public abstract int ReceptiveRadius { get; }
}
