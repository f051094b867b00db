using System.CommandLine;
using System.Globalization;
using SuperRes.Training.Degradations;

namespace SuperRes.Cli;

/// <summary>The <c>--degradation</c> option of <c>train</c> and <c>eval</c>: how HR images become LR, as steps in order.</summary>
internal static class DegradationOption
{
    /// <summary>The protocol's degradation, the option's default.</summary>
    public const string Bicubic = "bicubic";

    public static Option<string> Create(string use) => new("--degradation")
    {
        Description = $"How HR images become LR, comma-separated steps in order: bicubic (MATLAB's, the protocol's), blur:SIGMA (Gaussian blur in HR pixels, then decimation), noise:SIGMA (8-bit levels), jpeg:QUALITY; exactly one of bicubic and blur. For example blur:1.6,noise:5,jpeg:75. {use}",
        DefaultValueFactory = _ => Bicubic,
    };

    /// <summary>Parses the option's text into one step or a <see cref="DegradationPipeline"/>.</summary>
    public static IDegradation Parse(string text)
    {
        var steps = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseStep).ToArray();
        var downscales = steps.Count(step => step is BicubicDownscale or GaussianBlurDownscale);
        if (downscales != 1)
        {
            throw new ArgumentException($"--degradation {text}: it needs exactly one step that downscales (bicubic or blur:SIGMA), not {downscales}.");
        }

        return steps.Length == 1 ? steps[0] : new DegradationPipeline(steps);
    }

    private static IDegradation ParseStep(string step)
    {
        var colon = step.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? step : step[..colon]).ToLowerInvariant();
        var value = colon < 0 ? null : step[(colon + 1)..];
        return name switch
        {
            "bicubic" when value is null => new BicubicDownscale(),
            "blur" when Sigma(value) is { } sigma => new GaussianBlurDownscale(sigma),
            "noise" when Sigma(value) is { } sigma => new GaussianNoise(sigma),
            "jpeg" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var quality) && quality is >= 1 and <= 100 => new JpegCompression(quality),
            _ => throw new ArgumentException($"'{step}' is not a degradation step: bicubic, blur:SIGMA, noise:SIGMA (a number, 0 or more) or jpeg:QUALITY (1 to 100)."),
        };
    }

    private static double? Sigma(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var sigma) && double.IsFinite(sigma) ? sigma : null;
}
