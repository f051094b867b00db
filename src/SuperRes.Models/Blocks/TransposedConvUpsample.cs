using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Blocks;

/// <summary>
/// Upsampling by transposed convolution (FSRCNN's deconvolution layer): kernel k, stride = scale, with
/// padding and output padding chosen so that the output is exactly scale x the input, for any scale.
/// </summary>
/// <remarks>
/// A transposed convolution gives out = (in - 1) s - 2 p + k + output_padding. Asking out = s in gives
/// output_padding = s + 2 p - k. With p = (k - 1) / 2 (the kernel centred, k odd) this is s - 1, which
/// PyTorch accepts because it is below the stride. FSRCNN's 9x9 layer thus gets p = 4, output_padding = s - 1,
/// as in the public FSRCNN ports.
/// </remarks>
public static class TransposedConvUpsample
{
    /// <summary>Creates the transposed convolution.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride and upscaling factor, at least 1.</param>
    /// <returns>A module whose output is <paramref name="scale"/> times its input in height and width.</returns>
    public static ConvTranspose2d Create(long inChannels, long outChannels, int kernel, int scale)
    {
        var (padding, outputPadding) = Padding(kernel, scale);
        return nn.ConvTranspose2d(inChannels, outChannels, kernel, scale, padding, outputPadding);
    }

    /// <summary>Gets the padding and output padding that make the output exactly <paramref name="scale"/> times the input.</summary>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride, at least 1.</param>
    /// <returns>p = (k - 1) / 2 and output_padding = s + 2 p - k = s - 1.</returns>
    public static (int Padding, int OutputPadding) Padding(int kernel, int scale)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "The transposed convolution needs an odd kernel size so that it can be centred.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var padding = (kernel - 1) / 2;
        return (padding, scale + (2 * padding) - kernel);
    }

    /// <summary>Gets how many input pixels on each side can influence an output pixel.</summary>
    /// <param name="kernel">An odd kernel size.</param>
    /// <param name="scale">The stride.</param>
    /// <returns>ceil(p / s) with p = (k - 1) / 2.</returns>
    /// <remarks>
    /// Output y = q s + j (0 &lt;= j &lt; s) receives input i when i s - p &lt;= y &lt;= i s - p + k - 1, that is
    /// q + ceil((j + p - k + 1) / s) &lt;= i &lt;= q + floor((j + p) / s). Over j the upper end reaches
    /// q + ceil(p / s) and the lower end q - floor((k - 1 - p) / s), which for a centred kernel is no farther.
    /// </remarks>
    public static int ReceptiveRadius(int kernel, int scale)
    {
        var (padding, _) = Padding(kernel, scale);
        return (padding + scale - 1) / scale;
    }
}
