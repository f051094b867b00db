using static TorchSharp.torch;

namespace SuperRes.Imaging;

/// <summary>Clamps tensors to [0, 1] with scalars that outlive every call (see <see cref="RootedScalars"/>).</summary>
internal static class UnitInterval
{
    /// <summary>Clamps every value to [0, 1].</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Clamp(Tensor tensor) => tensor.clamp(RootedScalars.Zero, RootedScalars.One);
}
