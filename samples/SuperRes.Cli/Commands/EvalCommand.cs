using System.CommandLine;
using SuperRes.Metrics;

namespace SuperRes.Cli.Commands;

/// <summary><c>eval</c>: the papers' PSNR/SSIM table for a model on benchmark datasets.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var data = new Option<string>("--data") { Description = "A dataset folder (HR images, directly or in HR/) or a folder of datasets.", Required = true };
        var scales = new Option<string>("--scale") { Description = "Scale factors, comma-separated.", DefaultValueFactory = _ => "2,3,4" };
        var format = new Option<string>("--format") { Description = "markdown or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var command = new Command("eval", "Score a model under the benchmark protocol (MATLAB bicubic LR, Y channel, border = scale).") { data, scales, format };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(model.Model)!;
            var results = new List<EvaluationResult>();
            foreach (var scale in ParseScales(parse.GetValue(scales)!))
            {
                var resolver = model.Create(parse, scale);
                try
                {
                    results.AddRange(Evaluation.FindDatasets(parse.GetValue(data)!).Select(dataset => Evaluation.Run(name, resolver, dataset)));
                }
                finally
                {
                    (resolver as IDisposable)?.Dispose();
                }
            }

            results = [.. results.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Scale)];
            Console.Write(parse.GetValue(format) == "json" ? EvaluationReport.ToJson(results) + Environment.NewLine : EvaluationReport.ToMarkdown(results));
            return 0;
        });
        return command;
    }

    internal static IReadOnlyList<int> ParseScales(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out var scale) && scale >= 1 ? scale : throw new ArgumentException($"'{s}' is not a scale factor (a whole number, 1 or more)."))
            .ToArray();
}
