using Microsoft.Extensions.Logging;
using SuperRes.Models;

namespace SuperRes.Extensions.DependencyInjection;

/// <summary>Turns <see cref="SuperResolutionOptions"/> into a resolver, and says what is wrong with them before that.</summary>
internal static partial class SuperResolverFactory
{
    /// <summary>Lists every reason <see cref="Create"/> would refuse <paramref name="options"/>, each naming the bad value.</summary>
    public static IEnumerable<string> Problems(SuperResolutionOptions options)
    {
        if (options.Scale < 1)
        {
            yield return $"Scale must be at least 1; got {options.Scale}.";
        }

        if (options.TileSize is < 0)
        {
            yield return $"TileSize must not be negative; got {options.TileSize}. Use null or 0 for no tiling.";
        }

        if (options.TileOverlap is < 0)
        {
            yield return $"TileOverlap must not be negative; got {options.TileOverlap}.";
        }

        if (options.Threads is < 1)
        {
            yield return $"Threads must be at least 1, or null to keep LibTorch's setting; got {options.Threads}.";
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            yield return $"Model must name a model or be 'auto'; got {(options.Model is null ? "null" : $"'{options.Model}'")}. Known models: {string.Join(", ", SuperResolvers.Names)}.";
            yield break;
        }

        if (options.Scale < 1)
        {
            yield break;
        }

        var name = SuperResolvers.ResolveName(options.Model, options.Scale);
        if (Classic(name))
        {
            yield break;
        }

        if (Network(name) is not { } model)
        {
            yield return $"Unknown model '{options.Model}'. Known models: {string.Join(", ", SuperResolvers.Names)}.";
            yield break;
        }

        if (!model.Scales.Contains(options.Scale))
        {
            yield return $"'{model.Name}' supports scales {string.Join(", ", model.Scales)}; x{options.Scale} is not one of them.";
            yield break;
        }

        if (options.TileSize is > 0 and var tile)
        {
            var overlap = options.TileOverlap ?? model.ReceptiveRadius(options.Scale);
            if (tile <= 2 * overlap)
            {
                yield return $"TileSize {tile} leaves no core between two {overlap}-pixel overlap margins of '{model.Name}'; use at least {(2 * overlap) + 1} or a smaller TileOverlap.";
            }
        }

        if (!model.HasPretrainedWeights(options.Scale))
        {
            yield return NoPretrainedWeights(model, options.Scale);
        }
    }

    /// <summary>Creates the resolver <paramref name="options"/> describe and logs what it runs, at what scale, where.</summary>
    /// <param name="options">Options without <see cref="Problems"/>: the options validator has passed them.</param>
    /// <param name="logger">Where the one line about the new resolver goes.</param>
    public static ISuperResolver Create(SuperResolutionOptions options, ILogger logger)
    {
        var model = SuperResolvers.ResolveName(options.Model, options.Scale);
        var resolver = SuperResolvers.Create(
            model,
            options.Scale,
            new ModelResolverOptions
            {
                Device = options.Device,
                TileSize = options.TileSize,
                TileOverlap = options.TileOverlap,
                Threads = options.Threads,
                SelfEnsemble = options.SelfEnsemble,
                Limits = options.Limits ?? SuperResLimits.Default,
            });
        LogCreated(logger, model.ToLowerInvariant(), options.Scale, (resolver as ModelResolver)?.Device ?? ComputeDevice.Cpu);
        return resolver;
    }

    private static string NoPretrainedWeights(ModelInfo model, int scale) =>
        $"no pretrained weights for {model.Name} x{scale}: SuperRes.Models ships weights for {string.Join(", ", ModelCatalog.All.SelectMany(m => m.Scales.Where(m.HasPretrainedWeights).Select(s => $"{m.Name} x{s}")).DefaultIfEmpty("no network yet"))}.";

    private static bool Classic(string? model) =>
        model is not null && SuperResolvers.ClassicNames.Contains(model, StringComparer.OrdinalIgnoreCase);

    private static ModelInfo? Network(string? model) =>
        ModelCatalog.All.FirstOrDefault(m => string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Information, Message = "Super-resolution with {Model} x{Scale} on {Device}")]
    private static partial void LogCreated(ILogger logger, string model, int scale, ComputeDevice device);
}
