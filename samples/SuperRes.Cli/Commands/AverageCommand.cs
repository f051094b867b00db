using System.CommandLine;
using System.Globalization;
using SuperRes.Training;

namespace SuperRes.Cli.Commands;

/// <summary><c>average</c>: the tensor-by-tensor weighted mean of model files of one network and scale.</summary>
internal static class AverageCommand
{
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("files") { Description = "Model files (.safetensors) of the same network, scale and variant.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "The averaged model file to write (it may be one of the inputs).", Required = true };
        var coefficients = new Option<string?>("--coefficients") { Description = "One non-negative weight per file, comma-separated, normalised to sum 1 (default: equal weights)." };
        var command = new Command("average", "Average model files tensor by tensor (for example fine-tunes started from one file); eval --weights scores the result.") { inputs, output, coefficients };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(inputs)!.Select(file => file.FullName).ToArray();
            var weights = parse.GetValue(coefficients) is { } text ? ParseCoefficients(text) : null;
            var destination = parse.GetValue(output)!.FullName;
            var metadata = WeightAveraging.AverageFiles(files, destination, weights);
            Console.WriteLine($"Averaged {files.Length} {metadata.Architecture} x{metadata.Scale} files ({Describe(weights)}) into {destination}.");
            return 0;
        });
        return command;
    }

    private static string Describe(double[]? weights)
    {
        if (weights is null)
        {
            return "equal weights";
        }

        var total = weights.Sum();
        return $"weights {string.Join(", ", weights.Select(w => (w / total).ToString("0.####", CultureInfo.InvariantCulture)))}";
    }

    private static double[] ParseCoefficients(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) ? weight : throw new ArgumentException($"'{s}' is not a weight (a non-negative number such as 2 or 0.5)."))
            .ToArray();
}
