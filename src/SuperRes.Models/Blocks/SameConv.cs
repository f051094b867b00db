using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>Stride-1 convolutions with odd kernels and zero 'same' padding, the layer most SR networks are made of.</summary>
internal static class SameConv
{
    /// <summary>
    /// Creates the fastest module for a convolution whose output has the size of its input: a
    /// <see cref="SingleOutputConv"/> for one output channel, else <see cref="Create"/>'s.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Fastest(long inChannels, long outChannels, int kernel, bool bias = true) =>
        outChannels == 1 ? new SingleOutputConv(inChannels, kernel, bias) : Create(inChannels, outChannels, kernel, bias);

    /// <summary>Creates LibTorch's convolution whose output has the size of its input.</summary>
    public static Conv2d Create(long inChannels, long outChannels, int kernel, bool bias = true)
    {
        RequireOdd(kernel);
        return nn.Conv2d(inChannels, outChannels, kernel, stride: 1, padding: kernel / 2, bias: bias);
    }

    /// <summary>Gets how many pixels on each side a 'same' convolution reads: half its kernel.</summary>
    public static int Radius(int kernel)
    {
        RequireOdd(kernel);
        return kernel / 2;
    }

    private static void RequireOdd(int kernel)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "A 'same' convolution needs an odd kernel size of at least 1.");
        }
    }
}
