using System.Globalization;

namespace SuperRes.Models.Weights;

/// <summary>
/// What a weights file says about the network it belongs to, stored as strings in the safetensors
/// <c>__metadata__</c>. Loading checks the architecture, scale and colour mode against the network.
/// </summary>
public sealed record WeightsMetadata
{
    /// <summary>The version of this metadata layout that this library writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;

    private const string FormatVersionKey = "format_version";
    private const string ArchitectureKey = "architecture";
    private const string VariantKey = "variant";
    private const string ScaleKey = "scale";
    private const string ScalesKey = "scales";
    private const string ColorModeKey = "color_mode";
    private const string TrainingRecipeKey = "training_recipe";
    private const string BorderPaddingKey = "border_padding";
    private const string PsnrKeyPrefix = "psnr.";

    private readonly IReadOnlyDictionary<string, double> psnr = new SortedDictionary<string, double>(StringComparer.Ordinal);

    private readonly IReadOnlyList<int>? scales;

    /// <summary>Initialises the metadata of weights for one architecture, scale and colour mode.</summary>
    /// <param name="architecture">The architecture's name in the model registry, e.g. <c>espcn</c>.</param>
    /// <param name="scale">The upscaling factor the weights were trained for.</param>
    /// <param name="colorMode">The channels the network takes.</param>
    public WeightsMetadata(string architecture, int scale, ColorMode colorMode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (!Enum.IsDefined(colorMode))
        {
            throw new ArgumentOutOfRangeException(nameof(colorMode), colorMode, "Not a colour mode.");
        }

        Architecture = architecture;
        Scale = scale;
        ColorMode = colorMode;
    }

    /// <summary>Gets the architecture's name in the model registry, e.g. <c>espcn</c>.</summary>
    public string Architecture { get; }

    /// <summary>Gets the upscaling factor the weights were trained for (the first, for weights trained on several).</summary>
    public int Scale { get; }

    /// <summary>
    /// Gets every upscaling factor the weights serve: <see cref="Scale"/> alone, unless one network of a
    /// pre-upsampling architecture was trained on several (VDSR's single model for x2, x3 and x4). They load into
    /// a network made for any of them.
    /// </summary>
    /// <exception cref="ArgumentException">On init: the factors are not distinct, 1 or more, and led by <see cref="Scale"/>.</exception>
    public IReadOnlyList<int> Scales
    {
        get => scales ?? [Scale];
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0 || value[0] != Scale || value.Any(s => s < 1) || value.Distinct().Count() != value.Count)
            {
                throw new ArgumentException($"Scales [{string.Join(", ", value)}] must be distinct factors of 1 or more, starting with the scale {Scale}.", nameof(value));
            }

            scales = [.. value];
        }
    }

    /// <summary>Gets the channels the network takes.</summary>
    public ColorMode ColorMode { get; }

    /// <summary>Gets the variant of the architecture (e.g. <c>baseline</c>), or null for the default.</summary>
    public string? Variant { get; init; }

    /// <summary>Gets a free-text account of how the weights were trained (data, patch size, optimiser, iterations), or null.</summary>
    public string? TrainingRecipe { get; init; }

    /// <summary>
    /// Gets what the weights were trained to see beyond image borders, which a <see cref="ModelResolver"/> made by
    /// <see cref="SuperResolvers"/> then gives them. Default <see cref="Models.BorderPadding.Zero"/>, also for files
    /// that do not record it.
    /// </summary>
    public BorderPadding BorderPadding { get; init; }

    /// <summary>
    /// Gets the PSNR in dB measured with these weights, by evaluation set name (e.g. <c>Set5</c>) at <see cref="Scale"/>
    /// and by <see cref="PsnrKey"/> (e.g. <c>Set5@x3</c>) at its other <see cref="Scales"/>; empty when unmeasured.
    /// </summary>
    public IReadOnlyDictionary<string, double> Psnr
    {
        get => psnr;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var (set, decibels) in value)
            {
                if (string.IsNullOrWhiteSpace(set) || !double.IsFinite(decibels))
                {
                    throw new ArgumentException($"PSNR entry '{set}' = {decibels}: sets need a name and a finite value.", nameof(value));
                }
            }

            psnr = new SortedDictionary<string, double>(value.ToDictionary(), StringComparer.Ordinal);
        }
    }

    /// <summary>Gets the PSNR in dB measured with these weights on an evaluation set at one of their scales.</summary>
    /// <param name="set">The evaluation set's name, e.g. <c>Set5</c>.</param>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>The recorded PSNR, or null when none was measured there.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not one of <see cref="Scales"/>.</exception>
    public double? PsnrAt(string set, int scale) => Psnr.TryGetValue(PsnrKey(set, scale), out var decibels) ? decibels : null;

    /// <summary>
    /// Gets the <see cref="Psnr"/> key of an evaluation set at one of these weights' scales: the set's name at
    /// <see cref="Scale"/>, as single-scale files have always recorded it, and <c>{set}@x{scale}</c> at the other
    /// <see cref="Scales"/> of a multi-scale file.
    /// </summary>
    /// <param name="set">The evaluation set's name, e.g. <c>Set5</c>.</param>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>The key, e.g. <c>Set5</c> or <c>Set5@x3</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not one of <see cref="Scales"/>.</exception>
    public string PsnrKey(string set, int scale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(set);
        if (!Scales.Contains(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"These {Architecture} weights serve x{string.Join(", x", Scales)}, not x{scale}.");
        }

        return scale == Scale ? set : $"{set}@x{scale}";
    }

    /// <summary>Gets the version of the metadata layout the weights were written with.</summary>
    public int FormatVersion { get; private init; } = CurrentFormatVersion;

    /// <summary>Describes weights for <paramref name="network"/>, taking its scale and colour mode.</summary>
    /// <param name="network">The network the weights belong to.</param>
    /// <param name="architecture">The architecture's name in the model registry, e.g. <c>espcn</c>.</param>
    /// <returns>The metadata; add the variant, training recipe and PSNR with a <c>with</c> expression.</returns>
    public static WeightsMetadata For(SuperResolutionNetwork network, string architecture)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new WeightsMetadata(architecture, network.Scale, network.ColorMode);
    }

    /// <inheritdoc/>
    public bool Equals(WeightsMetadata? other) =>
        other is not null
        && Architecture == other.Architecture
        && Scale == other.Scale
        && Scales.SequenceEqual(other.Scales)
        && ColorMode == other.ColorMode
        && Variant == other.Variant
        && TrainingRecipe == other.TrainingRecipe
        && BorderPadding == other.BorderPadding
        && FormatVersion == other.FormatVersion
        && Psnr.SequenceEqual(other.Psnr);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Architecture, Scale, ColorMode, Variant, TrainingRecipe, BorderPadding, FormatVersion, Psnr.Count);

    /// <summary>Writes the metadata as the strings of a safetensors <c>__metadata__</c>.</summary>
    internal Dictionary<string, string> ToStrings()
    {
        var strings = new Dictionary<string, string>
        {
            [FormatVersionKey] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [ArchitectureKey] = Architecture,
            [ScaleKey] = Scale.ToString(CultureInfo.InvariantCulture),
            [ColorModeKey] = ColorMode.ToString().ToLowerInvariant(),
        };
        if (Variant is not null)
        {
            strings[VariantKey] = Variant;
        }

        // One scale is the usual case and stays as files have always been.
        if (Scales.Count > 1)
        {
            strings[ScalesKey] = string.Join(",", Scales.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        }

        if (TrainingRecipe is not null)
        {
            strings[TrainingRecipeKey] = TrainingRecipe;
        }

        // Zero is the default and is left out, so files trained on zero-padded patches stay as they were.
        if (BorderPadding != BorderPadding.Zero)
        {
            strings[BorderPaddingKey] = BorderPadding.ToString().ToLowerInvariant();
        }

        foreach (var (set, decibels) in Psnr)
        {
            strings[PsnrKeyPrefix + set] = decibels.ToString("R", CultureInfo.InvariantCulture);
        }

        return strings;
    }

    /// <summary>Reads the metadata back from a safetensors <c>__metadata__</c>.</summary>
    /// <exception cref="InvalidWeightsException">An entry is missing or unreadable, or the layout is newer than this library.</exception>
    internal static WeightsMetadata Parse(IReadOnlyDictionary<string, string> strings)
    {
        if (!strings.ContainsKey(ArchitectureKey))
        {
            throw new InvalidWeightsException(
                "The file has no SuperRes metadata (no 'architecture' in __metadata__); import foreign checkpoints with CheckpointImport.ImportCheckpoint.");
        }

        var formatVersion = ParseInt(strings, FormatVersionKey);
        if (formatVersion > CurrentFormatVersion)
        {
            throw new InvalidWeightsException($"The weights use metadata format version {formatVersion}; this library reads versions up to {CurrentFormatVersion}.");
        }

        var colorMode = ParseName<ColorMode>(ColorModeKey, Required(strings, ColorModeKey));

        var borderPadding = strings.TryGetValue(BorderPaddingKey, out var borderName) ? ParseName<BorderPadding>(BorderPaddingKey, borderName) : BorderPadding.Zero;

        var psnr = new Dictionary<string, double>();
        foreach (var (key, value) in strings.Where(pair => pair.Key.StartsWith(PsnrKeyPrefix, StringComparison.Ordinal)))
        {
            var set = key[PsnrKeyPrefix.Length..];
            if (string.IsNullOrWhiteSpace(set))
            {
                throw new InvalidWeightsException($"Metadata '{key}' names no dataset after '{PsnrKeyPrefix}'.");
            }

            psnr[set] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var decibels) && double.IsFinite(decibels)
                ? decibels
                : throw new InvalidWeightsException($"Metadata '{key}' is '{value}', not a PSNR in dB.");
        }

        var architecture = Required(strings, ArchitectureKey);
        var scale = ParseInt(strings, ScaleKey);
        if (string.IsNullOrWhiteSpace(architecture) || scale < 1)
        {
            throw new InvalidWeightsException($"Metadata says architecture '{architecture}' at scale {scale}; it needs a name and a scale of at least 1.");
        }

        return new WeightsMetadata(architecture, scale, colorMode)
        {
            Scales = strings.TryGetValue(ScalesKey, out var scalesText) ? ParseScales(scale, scalesText) : [scale],
            Variant = strings.GetValueOrDefault(VariantKey),
            TrainingRecipe = strings.GetValueOrDefault(TrainingRecipeKey),
            BorderPadding = borderPadding,
            Psnr = psnr,
            FormatVersion = formatVersion,
        };
    }

    /// <summary>Reads an enum member by its name, case-insensitively: only names, never numbers, are valid metadata.</summary>
    private static T ParseName<T>(string key, string name)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(value => string.Equals(value.ToString(), name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidWeightsException($"Metadata '{key}' is '{name}'; expected one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static string Required(IReadOnlyDictionary<string, string> strings, string key) =>
        strings.TryGetValue(key, out var value) ? value : throw new InvalidWeightsException($"Metadata '{key}' is missing.");

    private static int[] ParseScales(int scale, string text)
    {
        var factors = text.Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var factor) ? factor : 0).ToArray();
        return factors.Length > 0 && factors[0] == scale && factors.All(f => f >= 1) && factors.Distinct().Count() == factors.Length
            ? factors
            : throw new InvalidWeightsException($"Metadata '{ScalesKey}' is '{text}'; expected distinct whole factors separated by commas, starting with the scale {scale}.");
    }

    private static int ParseInt(IReadOnlyDictionary<string, string> strings, string key)
    {
        var value = Required(strings, key);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidWeightsException($"Metadata '{key}' is '{value}', not a whole number.");
    }
}
