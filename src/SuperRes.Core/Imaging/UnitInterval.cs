using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Imaging;

/// <summary>Clamps tensors to [0, 1] with scalars that outlive every call.</summary>
/// <remarks>
/// TorchSharp 0.107 turns a number argument into a <see cref="Scalar"/> that only its finalizer frees, and passes
/// the native handle on without keeping the object alive, so a garbage collection during the native call can free
/// it mid-call (a training run of ours died that way, in <c>pow</c>, after 27,000 steps). These two live as long as
/// the process. Elsewhere, a scalar argument is a <c>using</c> local or a field that lives as long as its user.
/// </remarks>
internal static class UnitInterval
{
    private static readonly Scalar Zero = 0f.ToScalar();
    private static readonly Scalar One = 1f.ToScalar();

    /// <summary>Clamps every value to [0, 1].</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Clamp(Tensor tensor) => tensor.clamp(Zero, One);
}
