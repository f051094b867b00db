using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Weights;

/// <summary>
/// Saves and loads a network's weights as safetensors with <see cref="WeightsMetadata"/>:
/// <c>network.SaveWeights("espcn_x2.safetensors", WeightsMetadata.For(network, "espcn"))</c>, then
/// <c>network.LoadWeights("espcn_x2.safetensors", "espcn")</c>. Loading is strict: the architecture, scale and
/// colour mode must match, and every parameter and persistent buffer must be in the file with its shape, and
/// nothing else; a mismatch fails with an <see cref="InvalidWeightsException"/> naming it.
/// </summary>
public static class ModelWeights
{
    /// <summary>Saves the network's parameters and persistent buffers, replacing the file only once it is complete.</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The .safetensors file to create or replace.</param>
    /// <param name="metadata">What the weights are; its scale and colour mode must be the network's.</param>
    public static void SaveWeights(this SuperResolutionNetwork network, string path, WeightsMetadata metadata)
    {
        EnsureDescribes(network, metadata);
        SafeTensorsFile.Write(path, Weights(network.state_dict()), metadata.ToStrings());
    }

    /// <summary>Saves the network's parameters and persistent buffers to a stream.</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">The stream to write the safetensors data to.</param>
    /// <param name="metadata">What the weights are; its scale and colour mode must be the network's.</param>
    public static void SaveWeights(this SuperResolutionNetwork network, Stream stream, WeightsMetadata metadata)
    {
        EnsureDescribes(network, metadata);
        SafeTensorsFile.Write(stream, Weights(network.state_dict()), metadata.ToStrings());
    }

    /// <summary>Loads weights saved by <see cref="SaveWeights(SuperResolutionNetwork, string, WeightsMetadata)"/> into the network.</summary>
    /// <param name="network">The network; it is left unchanged when loading fails.</param>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="architecture">The network's architecture name in the model registry, e.g. <c>espcn</c>, which the file must name.</param>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="InvalidWeightsException">The file is invalid or holds weights for another network.</exception>
    public static WeightsMetadata LoadWeights(this SuperResolutionNetwork network, string path, string architecture)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        using var file = SafeTensorsFile.Read(path);
        return network.Load(file, architecture);
    }

    /// <summary>Loads weights written by <see cref="SaveWeights(SuperResolutionNetwork, Stream, WeightsMetadata)"/> into the network.</summary>
    /// <param name="network">The network; it is left unchanged when loading fails.</param>
    /// <param name="stream">The safetensors data, from the current position to the end.</param>
    /// <param name="architecture">The network's architecture name in the model registry, e.g. <c>espcn</c>, which the file must name.</param>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="InvalidWeightsException">The data is invalid or holds weights for another network.</exception>
    public static WeightsMetadata LoadWeights(this SuperResolutionNetwork network, Stream stream, string architecture)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        using var file = SafeTensorsFile.Read(stream);
        return network.Load(file, architecture);
    }

    /// <summary>Reads what a weights file says about itself without loading it into a network.</summary>
    /// <param name="stream">The safetensors data, from the current position to the end.</param>
    /// <returns>The file's metadata.</returns>
    /// <exception cref="InvalidWeightsException">The data is invalid or has no SuperRes metadata.</exception>
    public static WeightsMetadata ReadMetadata(Stream stream)
    {
        using var file = SafeTensorsFile.Read(stream);
        return WeightsMetadata.Parse(file.Metadata);
    }

    /// <summary>
    /// Replaces the metadata of a weights file (for example to record PSNR measured on benchmark sets), keeping its
    /// tensors as they are and replacing the file only once the new one is complete.
    /// </summary>
    /// <param name="path">The .safetensors file, as <see cref="SaveWeights(SuperResolutionNetwork, string, WeightsMetadata)"/> wrote it.</param>
    /// <param name="metadata">The new metadata; it must name the file's architecture, variant, scale and colour mode.</param>
    /// <exception cref="InvalidWeightsException">The file is invalid, or <paramref name="metadata"/> describes another network.</exception>
    public static void WriteMetadata(string path, WeightsMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(metadata);
        using var file = SafeTensorsFile.Read(path);
        var current = WeightsMetadata.Parse(file.Metadata);
        if (!string.Equals(current.Architecture, metadata.Architecture, StringComparison.OrdinalIgnoreCase)
            || current.Variant != metadata.Variant || !current.Scales.SequenceEqual(metadata.Scales) || current.ColorMode != metadata.ColorMode)
        {
            throw new InvalidWeightsException(
                $"'{path}' holds {Describe(current)}; its metadata cannot say {Describe(metadata)}.");
        }

        SafeTensorsFile.Write(path, file.Tensors, metadata.ToStrings());
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> into the module's parameters and persistent buffers after checking that
    /// each is present with its shape and that no tensor is left over; the module is unchanged when a check fails.
    /// </summary>
    internal static void LoadStrict(this nn.Module module, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var everything = module.state_dict();
        var state = Weights(everything);
        var problems = new List<string>();
        foreach (var (name, target) in state)
        {
            if (!tensors.TryGetValue(name, out var source))
            {
                problems.Add($"{name} is missing from the file");
            }
            else if (!source.is_floating_point())
            {
                problems.Add($"{name} holds {source.dtype} values in the file, not floating point");
            }
            else if (!source.shape.SequenceEqual(target.shape))
            {
                problems.Add($"{name} has shape {TensorValues.FormatShape(source.shape)} in the file but {TensorValues.FormatShape(target.shape)} in the network");
            }
        }

        problems.AddRange(tensors.Keys.Where(name => !everything.ContainsKey(name)).Order(StringComparer.Ordinal).Select(name => $"{name} is in the file but not in the network"));
        if (problems.Count > 0)
        {
            throw new InvalidWeightsException($"The weights do not fit the network: {string.Join("; ", problems)}.");
        }

        using var _ = torch.no_grad();
        foreach (var (name, target) in state)
        {
            target.copy_(tensors[name]);
        }
    }

    /// <summary>
    /// The state that weights files carry: floating-point parameters and buffers. Integer buffers are counters
    /// (BatchNorm's <c>num_batches_tracked</c>, used only without momentum) that inference never reads.
    /// </summary>
    private static Dictionary<string, Tensor> Weights(IDictionary<string, Tensor> state) =>
        state.Where(pair => pair.Value.is_floating_point()).ToDictionary(pair => pair.Key, pair => pair.Value);

    private static WeightsMetadata Load(this SuperResolutionNetwork network, SafeTensorsFile file, string architecture)
    {
        var metadata = WeightsMetadata.Parse(file.Metadata);
        if (!string.Equals(metadata.Architecture, architecture, StringComparison.OrdinalIgnoreCase) || !metadata.Scales.Contains(network.Scale))
        {
            throw new InvalidWeightsException($"The weights are for {metadata.Architecture} x{string.Join(", x", metadata.Scales)}, but the network is {architecture} x{network.Scale}.");
        }

        if (metadata.ColorMode != network.ColorMode)
        {
            throw new InvalidWeightsException($"The weights are for {metadata.ColorMode} input, but the network takes {network.ColorMode}.");
        }

        network.LoadStrict(file.Tensors);
        return metadata;
    }

    private static string Describe(WeightsMetadata metadata) =>
        $"{metadata.Architecture}{(metadata.Variant is null ? "" : $" ({metadata.Variant})")} x{string.Join(", x", metadata.Scales)} on {metadata.ColorMode} input";

    private static void EnsureDescribes(SuperResolutionNetwork network, WeightsMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Scale != network.Scale || metadata.ColorMode != network.ColorMode)
        {
            throw new ArgumentException(
                $"The metadata describes x{metadata.Scale} {metadata.ColorMode} weights, but the network is x{network.Scale} {network.ColorMode}.", nameof(metadata));
        }
    }
}
