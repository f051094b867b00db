using System.Runtime.InteropServices;

namespace SuperRes.Models;

/// <summary>Turns LibTorch's oneDNN (MKL-DNN) CPU convolutions off for the process, where the platform allows it.</summary>
/// <remarks>
/// On an AMD EPYC with AVX-512, LibTorch 2.10's oneDNN convolutions computed wrong results: the shipped FSRCNN scored
/// 36.87 / 32.44 / 30.33 dB on Set5 at x2 / x3 / x4 instead of 37.13 / 33.20 / 30.76 (10.56 dB at x2 with oneDNN
/// held to AVX2; right when held to SSE4.1), PyTorch's own convolution gradients no longer matched ours, and the
/// backward pass left part of the input gradient unwritten, so that about one ESPCN training run in two turned every
/// weight NaN. The earlier AVX2 machine gave right results with it. Every <see cref="SuperResolutionNetwork"/> turns
/// it off when it is created, trading speed for results that do not depend on the CPU. TorchSharp 0.107 has no switch
/// for it, so this calls LibTorch's <c>at::Context::setUserEnabledMkldnn</c> by its Itanium C++ name (Linux and
/// macOS); where that name does not resolve (Windows), it changes nothing.
/// </remarks>
internal static class OneDnnConvolutions
{
    private static volatile bool _off;

    /// <summary>Gets a value indicating whether oneDNN is on now, or null where the setting cannot be read.</summary>
    public static bool? Enabled
    {
        get
        {
            try
            {
                return UserEnabledMkldnn(GlobalContext());
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Turns oneDNN off for the rest of the process (once; later calls return at once).</summary>
    public static void TurnOff()
    {
        if (_off)
        {
            return;
        }

        try
        {
            SetUserEnabledMkldnn(GlobalContext(), false);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // No Itanium name to call (Windows): LibTorch keeps its default.
        }

        _off = true;
    }

    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
