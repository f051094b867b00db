using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SuperRes.PeerRace;

/// <summary>Renders race results as JSON rows or a Markdown table.</summary>
public static class RaceReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Renders one JSON object per result: model, scale, dataset, images, threads, ours_ms, peer_ms, ratio, ours_psnr, peer_psnr.</summary>
    /// <param name="results">The results.</param>
    /// <returns>A JSON array.</returns>
    public static string ToJson(IEnumerable<RaceResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return JsonSerializer.Serialize(results, JsonOptions);
    }

    /// <summary>Renders a Markdown table, one row per result; times in ms per pass over the dataset, PSNR in dB ("untrained" where we have no weights).</summary>
    /// <param name="results">The results.</param>
    /// <returns>A Markdown table.</returns>
    public static string ToMarkdown(IEnumerable<RaceResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("| Model | Scale | Dataset | Images | Threads | Ours ms | OpenCV ms | OpenCV / ours | Ours PSNR | OpenCV PSNR |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var ours = r.OursPsnr is { } psnr ? psnr.ToString("F2", CultureInfo.InvariantCulture) : "untrained";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Model} | x{r.Scale} | {r.Dataset} | {r.Images} | {r.Threads} | {r.OursMs:F1} | {r.PeerMs:F1} | {r.Ratio:F2} | {ours} | {r.PeerPsnr:F2} |");
        }

        return text.ToString();
    }
}
