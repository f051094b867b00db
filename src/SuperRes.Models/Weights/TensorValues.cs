using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Weights;

/// <summary>The checks every tensor passes on its way into or out of a weights file.</summary>
internal static class TensorValues
{
    /// <summary>
    /// Returns the values of <paramref name="tensor"/> as a contiguous float32 CPU tensor (a new handle, for the
    /// caller's dispose scope), after checking that every value is finite.
    /// </summary>
    public static Tensor AsFiniteFloat32(string name, Tensor tensor)
    {
        if (!tensor.is_floating_point())
        {
            throw new InvalidWeightsException($"'{name}' holds {tensor.dtype} values; weights must be floating point.");
        }

        using var _ = torch.no_grad();
        var values = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
        EnsureFinite(name, AsSpan(values));
        return values;
    }

    /// <summary>Views a contiguous float32 CPU tensor's storage as floats.</summary>
    public static Span<float> AsSpan(Tensor contiguousFloat32) => MemoryMarshal.Cast<byte, float>(contiguousFloat32.bytes);

    /// <summary>Throws, naming the tensor and the first bad value, when any value is NaN or infinite.</summary>
    public static void EnsureFinite(string name, ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidWeightsException(
                    $"'{name}' holds a non-finite value ({values[i].ToString(CultureInfo.InvariantCulture)} at flat index {i}); the weights are corrupt or come from a diverged training run.");
            }
        }
    }

    /// <summary>Writes a shape the way PyTorch users read it: [64,1,9,9].</summary>
    public static string FormatShape(ReadOnlySpan<long> shape) => $"[{string.Join(",", shape.ToArray())}]";
}
