using System.CommandLine;
using SuperRes.Metrics;
using SuperRes.PeerRace;

namespace SuperRes.Cli.Commands;

/// <summary><c>bench</c>: race a model against a peer implementation on the same images, time and PSNR.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var peer = new Option<string>("--peer") { Description = "The peer to race: opencv (OpenCV dnn_superres).", DefaultValueFactory = _ => "opencv" };
        peer.AcceptOnlyFromAmong("opencv");
        var model = new Option<string>("--model") { Description = "espcn, fsrcnn or fsrcnn-s.", Required = true };
        model.AcceptOnlyFromAmong([.. OpenCvSuperResolver.Models]);
        var scales = new Option<string>("--scale") { Description = "Scale factors, comma-separated.", DefaultValueFactory = _ => "2,3,4" };
        var data = new Option<string>("--data") { Description = "A dataset folder (HR images, directly or in HR/) or a folder of datasets.", Required = true };
        var peerModels = new Option<string>("--peer-models") { Description = "The folder of OpenCV's .pb models.", DefaultValueFactory = _ => Path.Combine("..", "shared", "peers", "opencv_dnn_superres") };
        var repeats = new Option<int>("--repeats") { Description = "Timed passes per side; the median is reported.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "CPU threads for both sides.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var format = new Option<string>("--format") { Description = "json or markdown.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown");
        var command = new Command("bench", "Race a model against OpenCV's dnn_superres: median time per pass over the dataset and PSNR under the benchmark protocol.")
        {
            peer, model, scales, data, peerModels, repeats, threads, format,
        };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(model)!;
            var folder = parse.GetValue(peerModels)!;
            var results = new List<RaceResult>();
            foreach (var scale in EvalCommand.ParseScales(parse.GetValue(scales)!))
            {
                var file = OpenCvSuperResolver.ModelFile(name, scale, folder);
                if (!File.Exists(file))
                {
                    Console.Error.WriteLine($"superres: skipped {name} x{scale}: OpenCV's model '{file}' is absent.");
                    continue;
                }

                foreach (var dataset in Evaluation.FindDatasets(parse.GetValue(data)!))
                {
                    results.Add(OpenCvRace.Run(name, scale, dataset, folder, parse.GetValue(repeats), parse.GetValue(threads)));
                }
            }

            Console.Write(parse.GetValue(format) == "json" ? RaceReport.ToJson(results) + Environment.NewLine : RaceReport.ToMarkdown(results));
            return 0;
        });
        return command;
    }
}
