using SuperRes.Models.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models;

/// <summary>
/// Counts the floating-point operations of a network's convolutions for one input size, the figure that
/// achieved GFLOP/s and the CPU's FLOP bound are compared by.
/// </summary>
/// <remarks>
/// A multiply-add counts as 2 operations; biases, activations, shuffles and additions are left out (they are
/// a fraction of a percent of the convolutions in every catalog network). A convolution costs
/// 2 x (its weight's elements) per output pixel; a transposed convolution 2 x (its weight's elements) per
/// input pixel, the nominal work of its scatter-add (including the contributions that fall on the cropped
/// border), whatever way it is computed.
/// </remarks>
public static class FlopCounter
{
    /// <summary>
    /// Counts the operations of the convolutions <paramref name="network"/> runs on one
    /// <paramref name="width"/> x <paramref name="height"/> image, by running it once on zeros with forward
    /// hooks that read each convolution's input and output shapes.
    /// </summary>
    /// <param name="network">The network; its parameters are left unchanged.</param>
    /// <param name="width">Input width in pixels of the network's input (the enlarged image for pre-upsampled networks).</param>
    /// <param name="height">Input height in pixels.</param>
    /// <returns>The operation count.</returns>
    /// <remarks>It costs one forward pass at that size.</remarks>
    public static long Count(SuperResolutionNetwork network, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var channels = network.ColorMode == ColorMode.Y ? 1 : 3;
        var device = network.parameters().FirstOrDefault()?.device ?? torch.CPU;
        long total = 0;
        var hooks = new List<Action>();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    hooks.Add(conv.register_forward_hook((_, _, output) => Add(conv.weight!, output, output)).remove);
                    break;
                case SingleOutputConv conv:
                    hooks.Add(conv.register_forward_hook((_, _, output) => Add(conv.Weight, output, output)).remove);
                    break;
                case TransposedConvUpsample deconv:
                    hooks.Add(deconv.register_forward_hook((_, input, output) => Add(deconv.Weight, input, output)).remove);
                    break;
            }
        }

        try
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            network.call(torch.zeros(1, channels, height, width, device: device));
        }
        finally
        {
            hooks.ForEach(remove => remove());
        }

        return total;

        // A hook returns the module's output; handing back the same tensor changes nothing.
        Tensor Add(Tensor weight, Tensor pixels, Tensor output)
        {
            total += 2 * weight.numel() * pixels.shape[0] * pixels.shape[2] * pixels.shape[3];
            return output;
        }
    }
}
