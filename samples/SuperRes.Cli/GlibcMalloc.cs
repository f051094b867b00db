using System.Runtime.InteropServices;

namespace SuperRes.Cli;

/// <summary>Keeps glibc's malloc from mapping and unmapping LibTorch's training buffers on every step.</summary>
/// <remarks>
/// LibTorch's CPU convolutions allocate and free buffers of a few megabytes per step, most of all with oneDNN off
/// (as SuperRes ran it for a while; see OneDnnConvolutions in SuperRes.Models), where this was measured. glibc serves
/// blocks that large with a fresh mmap and returns them with munmap, so every step faulted its pages in again: half
/// of an ESPCN training process's CPU time went to the kernel. Raising the mmap and trim thresholds keeps those
/// blocks in the heap for reuse, as <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=...</c> would, but from inside the
/// process. Elsewhere (musl, macOS, Windows) it changes nothing.
/// </remarks>
internal static class GlibcMalloc
{
    // mallopt parameters from glibc's malloc.h.
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    // glibc caps the mmap threshold at 32 MiB on 64-bit systems; a step's buffers stay below it.
    private const int MmapThreshold = 32 << 20;

    public static void KeepLargeBlocks()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            Mallopt(MmapThresholdParameter, MmapThreshold);
            Mallopt(TrimThresholdParameter, int.MaxValue);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: its malloc has no such thresholds to raise.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
