using SuperRes.Interpolation;

namespace SuperRes.Cli;

/// <summary>Creates a resolver from a model name as the CLI takes it; the classic methods are models too.</summary>
internal static class Resolvers
{
    /// <summary>The model used when none is named: bicubic until pretrained networks ship.</summary>
    public const string DefaultModel = "bicubic";

    public static IReadOnlyList<string> ClassicNames { get; } = Enum.GetNames<InterpolationMethod>().Select(n => n.ToLowerInvariant()).ToArray();

    public static ISuperResolver Create(string model, int scale)
    {
        if (Enum.TryParse<InterpolationMethod>(model, ignoreCase: true, out var method) && ClassicNames.Contains(model.ToLowerInvariant()))
        {
            return new InterpolationResolver(method, scale);
        }

        throw new ArgumentException($"Unknown model '{model}'. Known: {string.Join(", ", ClassicNames)}.");
    }
}
