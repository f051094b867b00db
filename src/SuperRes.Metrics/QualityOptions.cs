namespace SuperRes.Metrics;

/// <summary>Which values of two images a quality metric compares.</summary>
public enum MetricChannel
{
    /// <summary>
    /// The luma Y of BT.601 YCbCr on the 0..255 scale, 16 + 65.481 R + 128.553 G + 24.966 B (RGB in [0, 1]): the
    /// super-resolution papers' protocol. A grey image is compared on its grey values, as the benchmark scripts do.
    /// </summary>
    Y,

    /// <summary>Every colour plane (R, G and B, or the grey plane): MSE over all values, SSIM the mean of the per-plane SSIMs.</summary>
    AllPlanes,
}

/// <summary>Options of <see cref="ImageQuality"/>: channel, border crop and data range.</summary>
public sealed record QualityOptions
{
    /// <summary>Gets the papers' protocol for scale <paramref name="scale"/>: Y channel, <paramref name="scale"/> pixels shaved from each border, range 255.</summary>
    /// <param name="scale">The super-resolution scale factor.</param>
    /// <returns>The options.</returns>
    public static QualityOptions Protocol(int scale) => new() { Channel = MetricChannel.Y, BorderCrop = scale };

    /// <summary>Gets which values are compared. Default <see cref="MetricChannel.Y"/>.</summary>
    public MetricChannel Channel { get; init; } = MetricChannel.Y;

    /// <summary>Gets how many pixels are shaved from each border before comparing. Default 0.</summary>
    public int BorderCrop { get; init; }

    /// <summary>Gets the peak value of the compared data (255 for 8-bit scale values, which is how images are compared). Default 255.</summary>
    public double DataRange { get; init; } = 255;
}
