namespace SuperRes.Interpolation;

/// <summary>The classic interpolation kernels, with MATLAB <c>imresize</c> semantics.</summary>
public enum InterpolationMethod
{
    /// <summary>Nearest neighbour (box kernel of width 1, never antialiased).</summary>
    Nearest,

    /// <summary>Bilinear (triangle kernel of width 2).</summary>
    Bilinear,

    /// <summary>Bicubic: Keys' cubic convolution with a = -0.5 (width 4), the kernel the SR papers use.</summary>
    Bicubic,
}
