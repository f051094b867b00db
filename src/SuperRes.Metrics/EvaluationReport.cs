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
    /// "PSNR / SSIM" (PSNR to 2 decimals, SSIM to 4). A model that <see cref="PublishedScores"/> knows gets a
    /// second column with the paper's figure and our difference from it ("paper (ours - paper)").
    /// </summary>
    /// <param name="results">Results of one or more models.</param>
    /// <returns>A Markdown table.</returns>
    public static string ToMarkdown(IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        var models = list.Select(r => r.Model).Distinct().ToList();
        var published = models.ToDictionary(m => m, m => list.Any(r => r.Model == m && Published(r) is not null));
        var headers = models.SelectMany(m => published[m] ? [Cell(m), $"{Cell(m)} paper (diff)"] : new[] { Cell(m) }).ToList();
        var text = new StringBuilder();
        text.AppendLine($"| Dataset | Scale | {string.Join(" | ", headers)} |");
        text.AppendLine($"|---|---|{string.Concat(headers.Select(_ => "---|"))}");
        foreach (var row in list.GroupBy(r => (r.Dataset, r.Scale)))
        {
            var cells = models.SelectMany(m =>
            {
                var result = row.FirstOrDefault(r => r.Model == m);
                var ours = result is null ? "-" : Invariant($"{result.Psnr:F2} / {result.Ssim:F4}");
                return published[m] ? [ours, result is null ? "-" : PaperCell(result)] : new[] { ours };
            });
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(row.Key.Dataset)} | x{row.Key.Scale} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    // A dataset folder or model label may hold '|', which would otherwise start a new column.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>
    /// Renders one CSV row per result: <c>model,dataset,scale,images,psnr,ssim,paper_psnr,paper_ssim,psnr_diff,ssim_diff</c>,
    /// full precision, invariant culture; the paper columns are empty where <see cref="PublishedScores"/> has no figure.
    /// </summary>
    /// <param name="results">The results.</param>
    /// <returns>CSV text with a header line, lines ended by <c>\n</c>.</returns>
    public static string ToCsv(IEnumerable<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder("model,dataset,scale,images,psnr,ssim,paper_psnr,paper_ssim,psnr_diff,ssim_diff\n");
        foreach (var r in results)
        {
            var paper = Published(r);
            string[] cells =
            [
                Quote(r.Model), Quote(r.Dataset), Invariant($"{r.Scale}"), Invariant($"{r.Images.Count}"), Number(r.Psnr), Number(r.Ssim),
                Number(paper?.Psnr), Number(paper?.Ssim), Number(r.Psnr - paper?.Psnr), Number(r.Ssim - paper?.Ssim),
            ];
            text.Append(string.Join(',', cells)).Append('\n');
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

    private static PublishedScore? Published(EvaluationResult result) => PublishedScores.Find(result.Model, result.Dataset, result.Scale);

    private static string PaperCell(EvaluationResult result) => Published(result) switch
    {
        null => "-",
        { Ssim: { } ssim } paper => Invariant($"{paper.Psnr:F2} / {ssim:F4} ({Signed(result.Psnr - paper.Psnr, "0.00")} / {Signed(result.Ssim - ssim, "0.0000")})"),
        var paper => Invariant($"{paper.Psnr:F2} ({Signed(result.Psnr - paper.Psnr, "0.00")})"),
    };

    // A difference just below the paper must still read as below ("-0.00"); .NET's "+0.00;-0.00" prints "-+0.00" there.
    private static string Signed(double difference, string digits) =>
        (difference < 0 ? "-" : "+") + Math.Abs(difference).ToString(digits, CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    // Model and dataset names come from users and folders: quote them when they hold a separator.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
