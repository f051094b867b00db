using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Imaging;

/// <summary>Scalars that live as long as the process, for the native calls that need a 0 or a 1.</summary>
/// <remarks>
/// TorchSharp 0.107 turns a number argument into a <see cref="Scalar"/> that only its finalizer frees, and passes
/// the native handle on without keeping the object alive, so a garbage collection during the native call can free
/// it mid-call (a training run of ours died that way, in <c>pow</c>, after 27,000 steps). Its own overloads do this
/// too: <c>a + b</c>, <c>add(b)</c> and <c>add_(b)</c> pass a fresh Scalar 1 as alpha, so tensor sums here call
/// <c>add(b, RootedScalars.One)</c>. Elsewhere, a scalar argument is a <c>using</c> local or a field that lives
/// as long as its user.
/// </remarks>
internal static class RootedScalars
{
    /// <summary>Gets 0.</summary>
    public static Scalar Zero { get; } = 0f.ToScalar();

    /// <summary>Gets 1.</summary>
    public static Scalar One { get; } = 1f.ToScalar();
}
