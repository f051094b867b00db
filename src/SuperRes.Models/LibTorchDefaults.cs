namespace SuperRes.Models;

/// <summary>SuperRes's process-wide LibTorch settings, each applied unless the user chose otherwise.</summary>
/// <remarks>
/// Every <see cref="SuperResolutionNetwork"/>, the SRGAN discriminator and the perceptual loss apply them when they
/// are created, before the process's first convolution, which is when oneDNN reads its limit.
/// </remarks>
internal static class LibTorchDefaults
{
    /// <summary>Holds oneDNN's convolutions to SSE4.1 (<see cref="OneDnnConvolutions"/>) and quiets LibTorch's C++ warnings (<see cref="LibTorchLogging"/>).</summary>
    public static void Apply()
    {
        OneDnnConvolutions.HoldToSafeIsa();
        LibTorchLogging.QuietWarnings();
    }
}
