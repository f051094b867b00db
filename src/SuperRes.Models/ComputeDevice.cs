namespace SuperRes.Models;

/// <summary>Where a <see cref="ModelResolver"/> runs its network.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when the loaded LibTorch sees a GPU, otherwise the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; construction fails when LibTorch has no CUDA support or sees no GPU.</summary>
    Cuda,
}
