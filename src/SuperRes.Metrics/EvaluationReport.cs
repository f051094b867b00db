using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SuperRes.Metrics;

/// <summary>Renders evaluation results as the papers' tables (Markdown) or as JSON rows.</summary>
public static class EvaluationReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Renders a table in the papers' layout: one row per dataset and scale, one column per model, each cell
    /// "PSNR / SSIM" (PSNR to 2 decimals, SSIM to 4).
    /// </summary>
    /// <param name="results">Results of one or more models.</param>
    /// <returns>A Markdown table.</returns>
    public static string ToMarkdown(IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        var models = list.Select(r => r.Model).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine($"| Dataset | Scale | {string.Join(" | ", models)} |");
        text.AppendLine($"|---|---|{string.Concat(models.Select(_ => "---|"))}");
        foreach (var row in list.GroupBy(r => (r.Dataset, r.Scale)))
        {
            var cells = models.Select(m => row.FirstOrDefault(r => r.Model == m) is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Psnr:F2} / {r.Ssim:F4}")
                : "-");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Key.Dataset} | x{row.Key.Scale} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    /// <summary>Renders one JSON object per result with model, dataset, scale, images, psnr, ssim and the per-image scores.</summary>
    /// <param name="results">The results.</param>
    /// <returns>A JSON array.</returns>
    public static string ToJson(IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Select(r => new
        {
            r.Model,
            r.Dataset,
            r.Scale,
            Images = r.Images.Count,
            r.Psnr,
            r.Ssim,
            PerImage = r.Images,
        });
        return JsonSerializer.Serialize(rows, JsonOptions);
    }
}
