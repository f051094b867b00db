namespace SuperRes.Metrics;

/// <summary>The 11x11 Gaussian window (sigma 1.5) of Wang et al.'s SSIM, applied separably over the valid region.</summary>
internal static class GaussianWindow
{
    public const int Size = 11;
    private const double Sigma = 1.5;

    // MATLAB's fspecial('gaussian', 11, 1.5) is the outer product of this normalised 1-D kernel with itself.
    private static readonly double[] Kernel = CreateKernel();

    /// <summary>Filters a plane with the window, keeping only positions where it fits ('valid'): (height - 10) x (width - 10).</summary>
    public static double[] FilterValid(double[] plane, int width, int height)
    {
        int outWidth = width - Size + 1, outHeight = height - Size + 1;
        var rows = new double[height * outWidth];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var sum = 0.0;
                for (var k = 0; k < Size; k++)
                {
                    sum += Kernel[k] * plane[(y * width) + x + k];
                }

                rows[(y * outWidth) + x] = sum;
            }
        }

        var result = new double[outHeight * outWidth];
        for (var y = 0; y < outHeight; y++)
        {
            for (var k = 0; k < Size; k++)
            {
                var weight = Kernel[k];
                var source = (y + k) * outWidth;
                for (var x = 0; x < outWidth; x++)
                {
                    result[(y * outWidth) + x] += weight * rows[source + x];
                }
            }
        }

        return result;
    }

    private static double[] CreateKernel()
    {
        var kernel = new double[Size];
        var half = Size / 2;
        for (var i = 0; i < Size; i++)
        {
            kernel[i] = Math.Exp(-((i - half) * (i - half)) / (2 * Sigma * Sigma));
        }

        var sum = kernel.Sum();
        return kernel.Select(k => k / sum).ToArray();
    }
}
