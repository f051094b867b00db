namespace SuperRes.Models;

/// <summary>Holds LibTorch's oneDNN CPU kernels to SSE4.1 for the process, unless the user chose their instruction set.</summary>
/// <remarks>
/// On an AMD EPYC (Zen 5, in a VM) LibTorch 2.10's oneDNN convolutions computed wrong results with their AVX-512 and
/// AVX2 kernels: the shipped FSRCNN scored 36.87 / 32.44 / 30.33 dB on Set5 at x2 / x3 / x4 instead of 37.13 / 33.20 /
/// 30.76 (10.56 dB at x2 with AVX2), and the backward pass left part of the input gradient unwritten in 17 of 39
/// probed layer shapes, so that about one ESPCN training run in two turned every weight NaN. Held to SSE4.1 they were
/// right in every probe, and the networks' inference ran 1.7 to 3.6 times faster than with oneDNN off, whose fallback
/// (im2col and MKL's sgemm) is slow on that CPU. The earlier AVX2 machine gave right results at full width, but a
/// wrong result cannot be told from a right one at run time, so SuperRes takes the instruction set that was right
/// everywhere. oneDNN reads <c>ONEDNN_MAX_CPU_ISA</c> once, when it first runs a kernel, so this must run before the
/// process's first convolution (<see cref="LibTorchDefaults"/>). A value the user set (<c>ALL</c> for oneDNN's full width) is left
/// alone.
/// </remarks>
internal static class OneDnnConvolutions
{
    /// <summary>oneDNN's environment variable for the widest instruction set its kernels may use.</summary>
    public const string MaxIsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The instruction set SuperRes holds oneDNN to.</summary>
    public const string SafeIsa = "SSE41";

    private static int _held;

    /// <summary>Gets the instruction-set limit oneDNN will read, as the process's native environment holds it, or null where unset.</summary>
    public static string? MaxIsa => NativeEnvironment.Get(MaxIsaVariable);

    /// <summary>Sets the limit to <see cref="SafeIsa"/> where nobody has set it (once; later calls return at once).</summary>
    public static void HoldToSafeIsa()
    {
        if (Interlocked.Exchange(ref _held, 1) == 0)
        {
            NativeEnvironment.SetIfUnset(MaxIsaVariable, SafeIsa);
        }
    }
}
