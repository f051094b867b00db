using SuperRes.Imaging;

namespace SuperRes.Training.Degradations;

/// <summary>Argument checks shared by the degradations.</summary>
internal static class Require
{
    public static void MultipleOfScale(PlanarImage image, int scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (image.Width % scale != 0 || image.Height % scale != 0)
        {
            throw new ArgumentException($"A {image.Width}x{image.Height} image is not a multiple of the scale {scale}; crop it first (modcrop).", nameof(image));
        }
    }

    public static double Sigma(double sigma, string parameter)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(parameter, sigma, "A sigma must be a finite number, 0 or more.");
        }

        return sigma;
    }
}
