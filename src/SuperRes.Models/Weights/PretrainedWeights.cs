namespace SuperRes.Models.Weights;

/// <summary>
/// The pretrained weights shipped inside this assembly, as embedded resources named
/// <c>weights/{model}_x{scale}.safetensors</c> (from <c>Weights/Pretrained/</c> in the source tree).
/// </summary>
public static class PretrainedWeights
{
    /// <summary>Opens the embedded weights of a model at a scale, if this assembly ships them.</summary>
    /// <param name="model">The architecture's name in the model registry, e.g. <c>espcn</c> (case-insensitive).</param>
    /// <param name="scale">The upscaling factor.</param>
    /// <returns>A stream of the .safetensors data (the caller disposes it), or null when none is embedded.</returns>
    public static Stream? TryOpen(string model, int scale) =>
        typeof(PretrainedWeights).Assembly.GetManifestResourceStream(ResourceName(model, scale));

    /// <summary>Reads the metadata (training recipe, measured PSNR) of the embedded weights of a model at a scale.</summary>
    /// <param name="model">The architecture's name in the model registry, e.g. <c>espcn</c> (case-insensitive).</param>
    /// <param name="scale">The upscaling factor.</param>
    /// <returns>The metadata, or null when no weights are embedded for that model and scale.</returns>
    public static WeightsMetadata? Metadata(string model, int scale)
    {
        using var stream = TryOpen(model, scale);
        return stream is null ? null : ModelWeights.ReadMetadata(stream);
    }

    /// <summary>Gets the embedded resource name for a model at a scale.</summary>
    /// <param name="model">The architecture's name in the model registry, e.g. <c>espcn</c> (case-insensitive).</param>
    /// <param name="scale">The upscaling factor.</param>
    /// <returns>The logical resource name, e.g. <c>weights/espcn_x2.safetensors</c>.</returns>
    public static string ResourceName(string model, int scale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        return $"weights/{model.ToLowerInvariant()}_x{scale}.safetensors";
    }
}
