namespace SuperRes.Models;

/// <summary>What a network's convolutions see beyond the borders of the image it enlarges.</summary>
public enum BorderPadding
{
    /// <summary>
    /// Zeros: each convolution pads its input with zeros, as when the network runs on the image alone (PyTorch's
    /// default). Right for weights trained on zero-padded patches, which learned what zeros at an edge mean.
    /// </summary>
    Zero,

    /// <summary>
    /// The image mirrored: the network input is extended by its receptive radius with the image's own pixels in
    /// reverse order, edge pixel included (MATLAB <c>imresize</c>'s boundary), and the extension is cut from the
    /// output, so no output pixel is computed from padding. Right for weights trained without padding (a loss
    /// border of the full receptive radius), as the papers trained with unpadded convolutions and SRCNN's own test
    /// code extended every layer by replication.
    /// </summary>
    Mirror,
}
