using SuperRes.Interpolation;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;

namespace SuperRes.Models;

/// <summary>
/// Creates an <see cref="ISuperResolver"/> from a model name, the way applications and the CLI ask for one:
/// the classic methods (<c>nearest</c>, <c>bilinear</c>, <c>bicubic</c>) and every <see cref="ModelCatalog"/>
/// network, with its shipped pretrained weights, weights from a file, or (for measurements) none.
/// </summary>
public static class SuperResolvers
{
    /// <summary>Gets the names of the classic interpolation methods, which are models too.</summary>
    public static IReadOnlyList<string> ClassicNames { get; } = Enum.GetNames<InterpolationMethod>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>
    /// The model name that stands for the best shipped model at the requested scale (see <see cref="ResolveName"/>);
    /// the default of the CLI and of dependency injection.
    /// </summary>
    public const string Auto = "auto";

    /// <summary>Gets every model name: <see cref="Auto"/>, the classic methods, then the catalog's networks.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, .. ClassicNames, .. ModelCatalog.All.Select(m => m.Name)];

    /// <summary>
    /// Resolves <see cref="Auto"/> to the shipped network with the highest Set5 PSNR recorded in its weights at
    /// <paramref name="scale"/>, or to <c>bicubic</c> where no network ships for that scale; any other name is returned as it is.
    /// </summary>
    /// <param name="model">A model name.</param>
    /// <param name="scale">The scale factor.</param>
    /// <returns>The concrete model name.</returns>
    public static string ResolveName(string model, int scale)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!string.Equals(model, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return model;
        }

        return ModelCatalog.All
            .Select(m => (m.Name, Psnr: PretrainedWeights.Metadata(m.Name, scale)?.PsnrAt("Set5", scale)))
            .Where(m => m.Psnr is > 0)
            .OrderByDescending(m => m.Psnr)
            .Select(m => m.Name)
            .FirstOrDefault() ?? "bicubic";
    }

    /// <summary>Creates a resolver for <paramref name="model"/> at <paramref name="scale"/> with its shipped pretrained weights.</summary>
    /// <param name="model">A classic method, a catalog name (case-insensitive) or <see cref="Auto"/>.</param>
    /// <param name="scale">The scale factor.</param>
    /// <param name="options">Tiling, device and threads for networks; the classic methods use only its <see cref="ModelResolverOptions.Limits"/>.</param>
    /// <returns>The resolver; dispose it when done if it is <see cref="IDisposable"/>.</returns>
    /// <exception cref="ArgumentException">Unknown model name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The model does not support <paramref name="scale"/>.</exception>
    /// <exception cref="MissingWeightsException">No pretrained weights ship for that network and scale.</exception>
    public static ISuperResolver Create(string model, int scale, ModelResolverOptions? options = null)
    {
        model = ResolveName(model, scale);
        if (TryCreateClassic(model, scale, options?.Limits) is { } classic)
        {
            return classic;
        }

        // The classic methods are names here too, so an unknown name lists them with the catalog's networks.
        var info = ModelCatalog.All.FirstOrDefault(m => string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown model '{model}'. Known models: {string.Join(", ", Names)}.", nameof(model));
        var network = info.Create(scale);
        using var weights = PretrainedWeights.TryOpen(info.Name, scale);
        if (weights is null)
        {
            network.Dispose();
            throw new MissingWeightsException(
                $"No pretrained weights ship for {info.Name} x{scale} (shipped: {Shipped()}). Pass a weights file, or use an untrained network for speed and memory measurements only.");
        }

        return Own(info.Name, network, n => n.LoadWeights(weights, info.Name), options);
    }

    /// <summary>
    /// Creates a resolver for the network <paramref name="model"/> with weights from <paramref name="weightsPath"/>: our
    /// .safetensors (with metadata, checked against the model and scale), a PyTorch state dict (.pt/.pth, zip format;
    /// BasicSR <c>params</c>/<c>params_ema</c> wrappers and <c>module.</c> prefixes handled; official EDSR-PyTorch names
    /// mapped) or a plain .safetensors state dict.
    /// </summary>
    /// <param name="model">A catalog name (case-insensitive).</param>
    /// <param name="scale">The scale factor.</param>
    /// <param name="weightsPath">The weights file.</param>
    /// <param name="options">Tiling, device and threads.</param>
    /// <returns>The resolver, which owns the network; dispose it when done.</returns>
    /// <exception cref="InvalidWeightsException">The file is invalid or holds weights for another network, scale or shape.</exception>
    public static ModelResolver Create(string model, int scale, string weightsPath, ModelResolverOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(weightsPath);
        var info = ModelCatalog.Get(model);
        if (!File.Exists(weightsPath))
        {
            throw new FileNotFoundException($"Weights file '{weightsPath}' does not exist.", weightsPath);
        }

        if (HasOurMetadata(weightsPath))
        {
            return Own(info.Name, info.Create(scale), n => n.LoadWeights(weightsPath, info.Name), options);
        }

        var keys = StateDictKeys(weightsPath);
        var edsrOfficial = keys.Contains("head.0.weight");
        return Own(info.Name, CreateFor(info, scale, keys), n => { n.ImportCheckpoint(weightsPath, edsrOfficial ? CheckpointKeyMaps.EdsrPyTorch : null); return null; }, options);
    }

    /// <summary>Creates a resolver for the network <paramref name="model"/> with its initial (random) weights: its output is noise, for speed and memory measurements only.</summary>
    /// <param name="model">A catalog name (case-insensitive).</param>
    /// <param name="scale">The scale factor.</param>
    /// <param name="options">Tiling, device and threads.</param>
    /// <returns>The resolver, which owns the network; dispose it when done.</returns>
    public static ModelResolver CreateUntrained(string model, int scale, ModelResolverOptions? options = null)
    {
        var info = ModelCatalog.Get(model);
        return Own(info.Name, info.Create(scale), _ => null, options);
    }

    private static InterpolationResolver? TryCreateClassic(string model, int scale, SuperResLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ClassicNames.Contains(model.ToLowerInvariant())
            ? new InterpolationResolver(Enum.Parse<InterpolationMethod>(model, ignoreCase: true), scale) { Limits = limits ?? SuperResLimits.Default }
            : null;
    }

    /// <summary>Loads the network's weights and wraps it under its catalog name, giving it the border padding its weights' metadata asks for unless the options set one.</summary>
    private static ModelResolver Own(string name, SuperResolutionNetwork network, Func<SuperResolutionNetwork, WeightsMetadata?> loadWeights, ModelResolverOptions? options)
    {
        try
        {
            var metadata = loadWeights(network);
            options ??= new ModelResolverOptions();
            return new ModelResolver(network, options with { BorderPadding = options.BorderPadding ?? metadata?.BorderPadding }) { OwnsNetwork = true, ModelName = name };
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static string Shipped()
    {
        var shipped = ModelCatalog.All.SelectMany(m => m.Scales.Where(m.HasPretrainedWeights).Select(s => $"{m.Name} x{s}")).ToList();
        return shipped.Count == 0 ? "none yet" : string.Join(", ", shipped);
    }

    private static bool HasOurMetadata(string path)
    {
        Span<byte> magic = stackalloc byte[2];
        using (var stream = File.OpenRead(path))
        {
            // A zip-format PyTorch checkpoint starts with "PK".
            if (stream.Read(magic) == 2 && magic[0] == (byte)'P' && magic[1] == (byte)'K')
            {
                return false;
            }
        }

        try
        {
            using var file = SafeTensorsFile.Read(path);
            return file.Metadata.ContainsKey("architecture");
        }
        catch (InvalidWeightsException)
        {
            return false; // Not safetensors: the checkpoint importer says what it is.
        }
    }

    private static HashSet<string> StateDictKeys(string path)
    {
        var stateDict = CheckpointImport.ReadStateDict(path);
        foreach (var tensor in stateDict.Values)
        {
            tensor.Dispose();
        }

        return [.. stateDict.Keys];
    }

    // A checkpoint may be of a documented variant of the architecture; the public VDSR checkpoint
    // (twtygqyy/pytorch-vdsr) has no biases.
    private static SuperResolutionNetwork CreateFor(ModelInfo info, int scale, IReadOnlySet<string> keys) =>
        info.Name == "vdsr" && !keys.Contains("input.bias") && keys.Contains("input.weight")
            ? new Vdsr(scale, new VdsrOptions { Bias = false })
            : info.Create(scale);
}
