using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Metrics;

/// <summary>
/// Full-reference image quality: MSE, PSNR and SSIM, on images (with the papers' Y-channel protocol by
/// default), on planes of doubles, and on tensors. Computed in double precision.
/// </summary>
public static class ImageQuality
{
    /// <summary>Computes the mean squared error between two images (values on the 0..<see cref="QualityOptions.DataRange"/> scale).</summary>
    /// <param name="actual">The image under test.</param>
    /// <param name="expected">The reference image, same size and planes.</param>
    /// <param name="options">Channel, border crop and range; the papers' Y protocol without crop when null.</param>
    /// <returns>The MSE.</returns>
    public static double Mse(PlanarImage actual, PlanarImage expected, QualityOptions? options = null)
    {
        var (a, b, width, height) = Compared(actual, expected, options ?? new QualityOptions());
        return a.Zip(b, (x, y) => Mse(x, y)).Average();
    }

    /// <summary>Computes the peak signal-to-noise ratio in dB; +infinity for identical inputs.</summary>
    /// <param name="actual">The image under test.</param>
    /// <param name="expected">The reference image.</param>
    /// <param name="options">Channel, border crop and range.</param>
    /// <returns>10 log10(range² / MSE).</returns>
    public static double Psnr(PlanarImage actual, PlanarImage expected, QualityOptions? options = null)
    {
        options ??= new QualityOptions();
        return PsnrFromMse(Mse(actual, expected, options), options.DataRange);
    }

    /// <summary>Computes SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, valid region, mean of the map).</summary>
    /// <param name="actual">The image under test.</param>
    /// <param name="expected">The reference image.</param>
    /// <param name="options">Channel, border crop and range.</param>
    /// <returns>SSIM in [-1, 1]; 1 for identical inputs. For several planes, the mean of the per-plane values.</returns>
    public static double Ssim(PlanarImage actual, PlanarImage expected, QualityOptions? options = null)
    {
        options ??= new QualityOptions();
        var (a, b, width, height) = Compared(actual, expected, options);
        return a.Zip(b, (x, y) => Ssim(x, y, width, height, options.DataRange)).Average();
    }

    /// <summary>Computes PSNR between two ImageSharp images under <paramref name="options"/>.</summary>
    /// <typeparam name="TPixel">The pixel type.</typeparam>
    /// <param name="actual">The image under test.</param>
    /// <param name="expected">The reference image.</param>
    /// <param name="options">Channel, border crop and range.</param>
    /// <returns>The PSNR in dB.</returns>
    public static double Psnr<TPixel>(Image<TPixel> actual, Image<TPixel> expected, QualityOptions? options = null)
        where TPixel : unmanaged, IPixel<TPixel> => Psnr(PlanarImage.FromImage(actual), PlanarImage.FromImage(expected), options);

    /// <summary>Computes SSIM between two ImageSharp images under <paramref name="options"/>.</summary>
    /// <typeparam name="TPixel">The pixel type.</typeparam>
    /// <param name="actual">The image under test.</param>
    /// <param name="expected">The reference image.</param>
    /// <param name="options">Channel, border crop and range.</param>
    /// <returns>The SSIM.</returns>
    public static double Ssim<TPixel>(Image<TPixel> actual, Image<TPixel> expected, QualityOptions? options = null)
        where TPixel : unmanaged, IPixel<TPixel> => Ssim(PlanarImage.FromImage(actual), PlanarImage.FromImage(expected), options);

    /// <summary>Computes the mean squared error of two equally long sequences.</summary>
    /// <param name="actual">Values under test.</param>
    /// <param name="expected">Reference values.</param>
    /// <returns>The MSE.</returns>
    public static double Mse(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        if (actual.Length != expected.Length || actual.IsEmpty)
        {
            throw new ArgumentException($"Expected two non-empty sequences of equal length; got {actual.Length} and {expected.Length} values.", nameof(actual));
        }

        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = actual[i] - expected[i];
            sum += d * d;
        }

        return sum / actual.Length;
    }

    /// <summary>Converts an MSE to PSNR in dB: +infinity when the MSE is 0.</summary>
    /// <param name="mse">The mean squared error, 0 or more.</param>
    /// <param name="dataRange">The peak value of the data.</param>
    /// <returns>10 log10(range² / MSE).</returns>
    public static double PsnrFromMse(double mse, double dataRange)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mse);
        RequirePeak(dataRange, nameof(dataRange));
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(dataRange * dataRange / mse);
    }

    /// <summary>Computes SSIM of two planes of <paramref name="width"/> x <paramref name="height"/> values (row-major).</summary>
    /// <param name="actual">Values under test.</param>
    /// <param name="expected">Reference values.</param>
    /// <param name="width">Plane width, at least 11.</param>
    /// <param name="height">Plane height, at least 11.</param>
    /// <param name="dataRange">The peak value of the data (255 for 8-bit scale values).</param>
    /// <returns>The mean of the SSIM map over the valid region.</returns>
    public static double Ssim(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, int width, int height, double dataRange = 255)
    {
        if (width < GaussianWindow.Size || height < GaussianWindow.Size)
        {
            throw new ArgumentException($"SSIM needs at least {GaussianWindow.Size}x{GaussianWindow.Size} pixels; got {width}x{height}.", nameof(width));
        }

        var values = (long)width * height;
        if (actual.Length != values || expected.Length != values)
        {
            throw new ArgumentException($"Expected {width}x{height} = {values} values; got {actual.Length} and {expected.Length}.", nameof(actual));
        }

        RequirePeak(dataRange, nameof(dataRange));
        double c1 = Math.Pow(0.01 * dataRange, 2), c2 = Math.Pow(0.03 * dataRange, 2);
        var products = new double[5][];
        for (var i = 0; i < products.Length; i++)
        {
            products[i] = new double[actual.Length];
        }

        for (var i = 0; i < actual.Length; i++)
        {
            double x = actual[i], y = expected[i];
            products[0][i] = x;
            products[1][i] = y;
            products[2][i] = x * x;
            products[3][i] = y * y;
            products[4][i] = x * y;
        }

        var filtered = products.AsParallel().AsOrdered().Select(p => GaussianWindow.FilterValid(p, width, height)).ToArray();
        var sum = 0.0;
        for (var i = 0; i < filtered[0].Length; i++)
        {
            double muX = filtered[0][i], muY = filtered[1][i];
            double varX = filtered[2][i] - (muX * muX), varY = filtered[3][i] - (muY * muY), covariance = filtered[4][i] - (muX * muY);
            sum += ((2 * muX * muY) + c1) * ((2 * covariance) + c2) / (((muX * muX) + (muY * muY) + c1) * (varX + varY + c2));
        }

        return sum / filtered[0].Length;
    }

    /// <summary>Computes PSNR between two tensors of equal shape (for example a training batch in [0, 1]).</summary>
    /// <param name="actual">Values under test.</param>
    /// <param name="expected">Reference values.</param>
    /// <param name="dataRange">The peak value of the data; 1 for tensors in [0, 1].</param>
    /// <returns>The PSNR in dB over all elements.</returns>
    public static double Psnr(Tensor actual, Tensor expected, double dataRange = 1)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            throw new ArgumentException($"Tensor shapes differ: [{string.Join(", ", actual.shape)}] and [{string.Join(", ", expected.shape)}].", nameof(actual));
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var difference = actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64);
        var mse = (difference * difference).mean().item<double>();
        return PsnrFromMse(mse, dataRange);
    }

    // A peak of 0, negative, NaN or infinite makes every score meaningless rather than wrong-looking.
    private static void RequirePeak(double dataRange, string parameter, string name = "The data range")
    {
        if (!(dataRange > 0) || double.IsInfinity(dataRange))
        {
            throw new ArgumentOutOfRangeException(parameter, dataRange, $"{name}, the data's peak value, must be a positive finite number.");
        }
    }

    private static (double[][] Actual, double[][] Expected, int Width, int Height) Compared(PlanarImage actual, PlanarImage expected, QualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        RequirePeak(options.DataRange, nameof(options), "QualityOptions.DataRange");
        if (actual.Width != expected.Width || actual.Height != expected.Height || actual.ColorPlanes != expected.ColorPlanes)
        {
            throw new ArgumentException(
                $"Images differ in shape: {actual.Width}x{actual.Height} with {actual.ColorPlanes} plane(s) and {expected.Width}x{expected.Height} with {expected.ColorPlanes}.",
                nameof(actual));
        }

        var crop = options.BorderCrop;
        ArgumentOutOfRangeException.ThrowIfNegative(crop, nameof(options.BorderCrop));
        int width = actual.Width - (2 * crop), height = actual.Height - (2 * crop);
        if (width < 1 || height < 1)
        {
            throw new ArgumentException($"Cropping {crop} pixels from each border leaves nothing of a {actual.Width}x{actual.Height} image.", nameof(options));
        }

        return (Planes(actual, options, crop, width, height), Planes(expected, options, crop, width, height), width, height);
    }

    private static double[][] Planes(PlanarImage image, QualityOptions options, int crop, int width, int height)
    {
        var scale = options.DataRange;
        var planes = Enumerable.Range(0, image.ColorPlanes).Select(p => Exact(image, p)).ToArray();
        if (options.Channel == MetricChannel.Y && image.ColorPlanes == 3)
        {
            double[] r = planes[0], g = planes[1], b = planes[2];
            return [Cropped(image, crop, width, height, i => YCbCr.Luma255(r[i], g[i], b[i]) * scale / 255)];
        }

        return planes.Select(plane => Cropped(image, crop, width, height, i => plane[i] * scale)).ToArray();
    }

    // Integer images hold multiples of 1 / levels in float; recover them exactly so that 8-bit errors are exact.
    private static double[] Exact(PlanarImage image, int plane)
    {
        var values = image.GetPlane(plane);
        var exact = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            exact[i] = image.Levels == 0 ? values[i] : Math.Round(values[i] * (double)image.Levels) / image.Levels;
        }

        return exact;
    }

    private static double[] Cropped(PlanarImage image, int crop, int width, int height, Func<int, double> value)
    {
        var result = new double[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = (y + crop) * image.Width;
            for (var x = 0; x < width; x++)
            {
                result[(y * width) + x] = value(row + x + crop);
            }
        }

        return result;
    }
}
