using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Training.Degradations;

/// <summary>
/// MATLAB's antialiased bicubic <c>imresize(image, 1/scale)</c> at the image's levels: the degradation of the
/// benchmark protocol, so that training pairs match the pairs the networks are scored on.
/// </summary>
public sealed class BicubicDownscale : IDegradation
{
    /// <inheritdoc/>
    public PlanarImage Apply(PlanarImage image, int scale, Random random)
    {
        Require.MultipleOfScale(image, scale);
        return image.Resize(1.0 / scale, InterpolationMethod.Bicubic);
    }

    /// <inheritdoc/>
    public override string ToString() => "bicubic downscale";
}
