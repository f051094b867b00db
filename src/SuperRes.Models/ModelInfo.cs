using System.Collections.Concurrent;
using TorchSharp;

namespace SuperRes.Models;

/// <summary>What the <see cref="ModelCatalog"/> knows about one network: its name, scales and the facts a caller plans with.</summary>
public sealed class ModelInfo
{
    private readonly Func<int, SuperResolutionNetwork> _create;
    private readonly ConcurrentDictionary<int, (int ReceptiveRadius, long ParameterCount)> _facts = new();
    private readonly Lazy<(ColorMode ColorMode, bool PreUpsampled)> _kind;

    internal ModelInfo(string name, string description, IReadOnlyList<int> scales, Func<int, SuperResolutionNetwork> create)
    {
        Name = name;
        Description = description;
        Scales = scales;
        _create = create;
        _kind = new(() =>
        {
            using var network = Create(scales[0]);
            return (network.ColorMode, network.PreUpsampled);
        });
    }

    /// <summary>Gets the catalog name (for example <c>edsr-baseline</c>).</summary>
    public string Name { get; }

    /// <summary>Gets a one-line description with the paper.</summary>
    public string Description { get; }

    /// <summary>Gets the scales the network can be built for, ascending.</summary>
    public IReadOnlyList<int> Scales { get; }

    /// <summary>Gets which channels the network takes and returns.</summary>
    public ColorMode ColorMode => _kind.Value.ColorMode;

    /// <summary>Gets a value indicating whether the input is first enlarged by bicubic interpolation.</summary>
    public bool PreUpsampled => _kind.Value.PreUpsampled;

    /// <summary>Builds the network for <paramref name="scale"/>, freshly initialised.</summary>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>A new network; the caller owns (and disposes) it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not supported.</exception>
    public SuperResolutionNetwork Create(int scale)
    {
        if (!Scales.Contains(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"'{Name}' supports scales {string.Join(", ", Scales)}; x{scale} is not one of them.");
        }

        return _create(scale);
    }

    /// <summary>Gets <see cref="SuperResolutionNetwork.ReceptiveRadius"/> of the network built for <paramref name="scale"/>.</summary>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>The radius in network-input pixels.</returns>
    public int ReceptiveRadius(int scale) => Facts(scale).ReceptiveRadius;

    /// <summary>Gets the number of trainable values of the network built for <paramref name="scale"/>.</summary>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>The sum of the parameters' element counts.</returns>
    public long ParameterCount(int scale) => Facts(scale).ParameterCount;

    /// <summary>Gets a value indicating whether pretrained weights for <paramref name="scale"/> ship in this assembly, as the embedded resource <c>weights/{Name}_x{scale}.safetensors</c>.</summary>
    /// <param name="scale">Any scale.</param>
    /// <returns>True when the resource exists.</returns>
    public bool HasPretrainedWeights(int scale) =>
        typeof(ModelInfo).Assembly.GetManifestResourceNames().Contains(PretrainedWeightsResourceName(scale), StringComparer.Ordinal);

    /// <summary>Gets the logical name of the embedded resource holding the pretrained weights for <paramref name="scale"/>.</summary>
    /// <param name="scale">The scale.</param>
    /// <returns><c>weights/{Name}_x{scale}.safetensors</c>.</returns>
    public string PretrainedWeightsResourceName(int scale) => Weights.PretrainedWeights.ResourceName(Name, scale);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (x{string.Join(", x", Scales)}): {Description}";

    // Building the network is the one way to know these without restating its layer table; the large
    // models take a moment, so each scale is built once.
    private (int ReceptiveRadius, long ParameterCount) Facts(int scale) =>
        _facts.GetOrAdd(scale, s =>
        {
            using var network = Create(s);
            return (network.ReceptiveRadius, network.parameters().Sum(p => p.numel()));
        });
}
