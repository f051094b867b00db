using System.Runtime.InteropServices;

namespace SuperRes.Training;

/// <summary>Turns LibTorch's oneDNN (MKL-DNN) CPU convolutions off for a scope, where the platform allows it.</summary>
/// <remarks>
/// LibTorch 2.10's oneDNN convolution backward pass leaves part of the input gradient unwritten on some CPUs
/// (we met it on an AMD EPYC with AVX-512 and also with oneDNN held to AVX2; held to SSE4.1 it was clean): the
/// gradient then holds whatever that memory held before. Where that was NaN, every weight became NaN within a few
/// hundred steps: about one ESPCN training run in two on that machine, at a different step each time. In a test
/// that fills freed memory with NaN before each step, a convolution's input gradient turned NaN in five of seven
/// runs of 300 steps with oneDNN and in none of six without it. Its output was always right, so inference keeps
/// oneDNN; training without it runs about half as fast on that machine.
/// TorchSharp 0.107 has no switch for it, so this calls LibTorch's <c>at::Context::setUserEnabledMkldnn</c> by its
/// Itanium C++ name (Linux and macOS); where that name does not resolve (Windows), it changes nothing.
/// </remarks>
internal sealed class OneDnnConvolutions : IDisposable
{
    private readonly bool? _previous;

    private OneDnnConvolutions(bool? previous) => _previous = previous;

    /// <summary>Turns oneDNN off until the returned scope is disposed, which restores the previous setting.</summary>
    /// <returns>The scope.</returns>
    public static OneDnnConvolutions Disable()
    {
        try
        {
            var context = GlobalContext();
            var previous = UserEnabledMkldnn(context);
            SetUserEnabledMkldnn(context, false);
            return new OneDnnConvolutions(previous);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return new OneDnnConvolutions(null);
        }
    }

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

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_previous is { } previous)
        {
            SetUserEnabledMkldnn(GlobalContext(), previous);
        }
    }

    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
