namespace SuperRes.Models;

/// <summary>Which channels a network sees.</summary>
public enum ColorMode
{
    /// <summary>The luma (Y) plane of BT.601 YCbCr; chroma is upscaled by bicubic interpolation.</summary>
    Y,

    /// <summary>The three RGB planes.</summary>
    Rgb,
}
