using System.CommandLine;
using SuperRes.Metrics;
using SuperRes.Models;
using SuperRes.Models.Weights;
using SuperRes.Training.Degradations;

namespace SuperRes.Cli.Commands;

/// <summary><c>eval</c>: the papers' PSNR/SSIM table for one or more models on benchmark datasets.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var models = new Option<string?>("--models")
        {
            Description = "Models to compare, comma-separated, or 'all': the classic methods and every network with pretrained weights at each scale. Overrides --model.",
        };
        var data = new Option<string>("--data") { Description = "A dataset folder (HR images, directly or in HR/) or a folder of datasets.", Required = true };
        var scales = new Option<string>("--scale") { Description = "Scale factors, comma-separated.", DefaultValueFactory = _ => "2,3,4" };
        var format = new Option<string>("--format") { Description = "markdown or json.", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var csv = new Option<FileInfo?>("--csv") { Description = "Also write one CSV row per model, dataset and scale (with the paper's figures) to this file." };
        var record = new Option<bool>("--record")
        {
            Description = "Write each dataset's PSNR into the --weights file's metadata (psnr.<dataset>, as the shipped files carry it; psnr.<dataset>@x<scale> at a multi-scale file's other scales), keeping its other entries. Needs --weights, scales the file serves and no --self-ensemble.",
        };
        var degradation = DegradationOption.Create("Other than bicubic, each model is labelled with it and scored without the papers' figures (noise from a fixed seed, as train's --val).");
        var command = new Command("eval", "Score models under the benchmark protocol (MATLAB bicubic LR, Y channel, border = scale).") { models, data, scales, format, csv, record, degradation };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var requested = parse.GetValue(models);
            if (requested is not null && parse.GetValue(model.Weights) is not null)
            {
                throw new ArgumentException("--weights belongs to a single --model; it cannot be combined with --models.");
            }

            var datasets = Evaluation.FindDatasets(parse.GetValue(data)!);
            // Said now, not after an evaluation that can take hours.
            if (parse.GetValue(csv) is { Directory: { Exists: false } missing })
            {
                throw new DirectoryNotFoundException($"The folder of --csv, '{missing.FullName}', does not exist.");
            }

            if (parse.GetValue(csv) is { } csvPath && (Directory.Exists(csvPath.FullName) || Path.EndsInDirectorySeparator(csvPath.ToString())))
            {
                throw new IOException($"--csv '{csvPath}' is a folder; name the CSV file to write.");
            }

            var scaleList = ParseScales(parse.GetValue(scales)!);
            var lowResolution = DegradationOption.Parse(parse.GetValue(degradation)!);
            var protocol = lowResolution is BicubicDownscale;
            if (parse.GetValue(record) && !protocol)
            {
                throw new ArgumentException($"--record stores the protocol's scores (bicubic LR); --degradation {parse.GetValue(degradation)} scores other LR images.");
            }

            (string Path, WeightsMetadata Metadata)? recordInto = parse.GetValue(record) ? RecordTarget(parse, model, scaleList) : null;
            var results = new List<EvaluationResult>();
            foreach (var scale in scaleList)
            {
                foreach (var name in requested is null ? [SuperResolvers.ResolveName(parse.GetValue(model.Model)!, scale)] : ModelNames(requested, scale))
                {
                    var resolver = model.Create(parse, name, scale);

                    // EDSR's paper names its self-ensemble "EDSR+"; the papers' single-pass figures are not its targets,
                    // nor are they for LR images made otherwise: a label the published tables do not hold keeps them out.
                    var label = (resolver is ModelResolver { SelfEnsemble: true } ? name + "+" : name) + (protocol ? "" : $" ({parse.GetValue(degradation)})");
                    try
                    {
                        results.AddRange(datasets.Select(dataset => Evaluation.Run(label, resolver, dataset, lowResolution.ForEvaluation(scale), Interrupt.Token)));
                    }
                    finally
                    {
                        (resolver as IDisposable)?.Dispose();
                    }
                }
            }

            results = [.. results.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Scale)];
            Console.Write(parse.GetValue(format) == "json" ? EvaluationReport.ToJson(results) + Environment.NewLine : EvaluationReport.ToMarkdown(results));
            if (recordInto is { } target)
            {
                var psnr = target.Metadata.Psnr.ToDictionary();
                var keys = results.Select(r => (Key: target.Metadata.PsnrKey(r.Dataset, r.Scale), r.Psnr)).ToList();
                foreach (var (key, decibels) in keys)
                {
                    psnr[key] = decibels;
                }

                ModelWeights.WriteMetadata(target.Path, target.Metadata with { Psnr = psnr });
                Console.WriteLine($"Recorded the PSNR on {string.Join(", ", keys.Select(k => k.Key))} in {target.Path}.");
            }

            if (parse.GetValue(csv) is { } csvFile)
            {
                AtomicFile.WriteAllText(csvFile.FullName, EvaluationReport.ToCsv(results));
            }

            return 0;
        });
        return command;
    }

    /// <summary>The weights file <c>--record</c> writes into and its metadata, checked before an evaluation that can take hours.</summary>
    private static (string Path, WeightsMetadata Metadata) RecordTarget(ParseResult parse, ModelOptions model, IReadOnlyList<int> scales)
    {
        if (parse.GetValue(model.Weights) is not { } weights)
        {
            throw new ArgumentException("--record writes into the --weights file; name the file with --weights.");
        }

        if (parse.GetValue(model.SelfEnsemble))
        {
            throw new ArgumentException("--record stores the file's own single-pass scores; --self-ensemble's are not.");
        }

        WeightsMetadata metadata;
        using (var stream = weights.OpenRead())
        {
            metadata = ModelWeights.ReadMetadata(stream);
        }

        if (scales.Except(metadata.Scales).ToList() is [_, ..] unserved)
        {
            var served = string.Join(",", metadata.Scales);
            throw new ArgumentException($"--record needs scales that '{weights.Name}' serves (--scale {served}); it does not serve x{string.Join(", x", unserved)}.");
        }

        return (weights.FullName, metadata);
    }

    internal static IReadOnlyList<int> ParseScales(string text)
    {
        var scales = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out var scale) && scale >= 1 ? scale : throw new ArgumentException($"'{s}' is not a scale factor (a whole number, 1 or more)."))
            .ToArray();
        return scales.Length > 0 ? scales : throw new ArgumentException($"'{text}' names no scale factor; give one or more, such as 2 or 2,3,4.");
    }

    /// <summary>The models to score at <paramref name="scale"/>: the listed ones, or for <c>all</c> those that have weights there (the rest are named on stderr).</summary>
    private static IReadOnlyList<string> ModelNames(string requested, int scale)
    {
        if (!string.Equals(requested.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            var names = requested.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return names.Length > 0 ? names : throw new ArgumentException($"--models '{requested}' names no model; give one or more, such as bicubic,fsrcnn, or all.");
        }

        var networks = ModelCatalog.All.Where(m => m.Scales.Contains(scale)).ToList();
        var untrained = networks.Where(m => !m.HasPretrainedWeights(scale)).Select(m => m.Name).ToList();
        if (untrained.Count > 0)
        {
            Console.Error.WriteLine($"superres: x{scale}: no pretrained weights for {string.Join(", ", untrained)}; left out (score them with --model and --weights).");
        }

        return [.. SuperResolvers.ClassicNames, .. networks.Where(m => m.HasPretrainedWeights(scale)).Select(m => m.Name)];
    }
}
