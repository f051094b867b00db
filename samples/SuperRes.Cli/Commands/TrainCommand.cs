using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training;
using SuperRes.Training.Data;
using TorchSharp;

namespace SuperRes.Cli.Commands;

/// <summary>
/// <c>train</c>: train a catalog network on folders of HR images, validating on a benchmark set. Re-running the
/// same command resumes from the checkpoint beside <c>--out</c>; the curve is written there as CSV and PNG.
/// </summary>
internal static class TrainCommand
{
    // About 1,900 years: far beyond any run, and well inside TimeSpan's range.
    private const double MaximumMinutes = 1e9;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Catalog model to train (espcn, fsrcnn, srcnn, vdsr, edsr-baseline, ...).", Required = true };
        var scale = new Option<string>("--scale")
        {
            Description = "Scale factor, or several comma-separated for one network of a pre-upsampling model (vdsr, srcnn) trained on all of them, as VDSR's x2,3,4 model; the first is validated and named in the file.",
            Required = true,
        };
        var train = new Option<string>("--train") { Description = "Training folders of HR images, comma-separated (for example T91,BSD200). Never a benchmark test set.", Required = true };
        var validation = new Option<string?>("--val") { Description = "A dataset folder to validate on under the papers' protocol (for example Set5)." };
        var minutes = new Option<double?>("--minutes") { Description = "Wall-clock budget of this invocation, in minutes; a checkpoint is written when it runs out." };
        minutes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } budget && !(budget is >= 0 and <= MaximumMinutes))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--minutes must be from 0 to {MaximumMinutes:N0}; got {budget}."));
            }
        });
        var output = new Option<FileInfo>("--out") { Description = "The model file to write, safetensors with metadata (the best by validation PSNR; with --gan or --vgg19, the latest); checkpoint and curves go beside it.", Required = true };
        var patch = new Option<int?>("--patch") { Description = "Input patch size (default 17 for Y networks, 41 for pre-upsampled ones, 48 for RGB ones)." };
        var lossBorder = new Option<string>("--loss-border") { Description = "Target pixels at each side of a patch the loss leaves out, or auto: those computed partly from the convolutions' zero padding.", DefaultValueFactory = _ => "0" };
        var minimumDeviation = new Option<double>("--min-deviation") { Description = $"Draw again (up to {PatchSampler.MaximumRedraws} times) any input patch whose standard deviation (0-1 units) is below this, to spend the loss on detail rather than flat regions. Default 0: keep every patch.", DefaultValueFactory = _ => 0 };
        var imageScales = new Option<string>("--image-scales") { Description = "Factors the HR images are also shrunk by, each a further training image, comma-separated (FSRCNN's: 1,0.9,0.8,0.7,0.6).", DefaultValueFactory = _ => "1" };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 16 };
        var learningRate = new Option<double>("--lr") { Description = "Initial learning rate.", DefaultValueFactory = _ => 1e-4 };
        var loss = new Option<string>("--loss") { Description = "l1, mse or charbonnier.", DefaultValueFactory = _ => "l1" };
        loss.AcceptOnlyFromAmong("l1", "mse", "charbonnier");
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "sgd");
        var schedule = new Option<string>("--schedule") { Description = "step (halve at half the iterations) or cosine.", DefaultValueFactory = _ => "step" };
        schedule.AcceptOnlyFromAmong("step", "cosine");
        var iterations = new Option<long>("--iterations") { Description = "Iterations of the whole training (the schedule spans them).", DefaultValueFactory = _ => 100_000 };
        var validateEvery = new Option<long>("--val-every") { Description = "Validate every N iterations.", DefaultValueFactory = _ => 1000 };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Checkpoint every N iterations.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, the patches and the augmentations.", DefaultValueFactory = _ => 0 };
        var warmStart = new Option<FileInfo?>("--warm-start") { Description = "A model file (.safetensors) of the same network at any scale whose matching weights start the training." };
        var clipNorm = new Option<double?>("--clip-norm") { Description = "Clip the gradients' total L2 norm to this value." };
        var adjustableClip = new Option<double?>("--adjustable-clip") { Description = "VDSR's adjustable clipping: clip each gradient to [-theta/lr, theta/lr] for this theta." };
        var weightDecay = new Option<double>("--weight-decay") { Description = "L2 weight decay added to the gradients (VDSR: 1e-4).", DefaultValueFactory = _ => 0 };
        var device = ModelOptions.DeviceOption();
        var threads = new Option<int?>("--threads") { Description = "LibTorch CPU threads (default: all cores). On a busy machine 1 can be ten times faster than oversubscribed cores." };
        var adversarial = new Option<bool>("--gan") { Description = "SRGAN training: pixel loss + 1e-3 x adversarial loss against an SRGAN discriminator. Warm-start the generator from its pixel-loss model." };
        var vgg19 = new Option<FileInfo?>("--vgg19") { Description = "torchvision's ImageNet VGG19 weights (vgg19-dcbb9e9d.pth, not shipped): adds SRGAN's VGG54 perceptual loss, weight 0.006." };
        var degradation = DegradationOption.Create("--val scores on the same degradation (noise from a fixed seed); the model file records a PSNR only for bicubic, the protocol's.");
        var command = new Command("train", "Train a network on HR image folders (MATLAB bicubic LR unless --degradation says otherwise), resumably.")
        {
            model, scale, train, validation, minutes, output, patch, lossBorder, minimumDeviation, imageScales, degradation, batch, learningRate, loss, optimizer, schedule, iterations, validateEvery, checkpointEvery, seed, warmStart, clipNorm, adjustableClip, weightDecay, device, threads, adversarial, vgg19,
        };
        command.SetAction(parse =>
        {
            GlibcMalloc.KeepLargeBlocks();
            var info = ModelCatalog.Get(parse.GetValue(model)!);
            var factors = EvalCommand.ParseScales(parse.GetValue(scale)!);
            var factor = factors[0];
            var files = TrainingFiles.Beside(parse.GetValue(output)!.FullName);
            var runSeed = parse.GetValue(seed);
            torch.manual_seed(runSeed);
            using var network = info.Create(factor);
            if (factors.Count > 1 && !network.PreUpsampled)
            {
                throw new ArgumentException($"--scale {string.Join(",", factors)}: {info.Name}'s output layer enlarges by one factor; only networks on bicubic-enlarged input (vdsr, srcnn) train on several.");
            }

            if (factors.FirstOrDefault(f => !info.Scales.Contains(f)) is > 0 and var unsupported)
            {
                throw new ArgumentException($"--scale {string.Join(",", factors)}: {info.Name} has x{string.Join(", x", info.Scales)}, not x{unsupported}.");
            }

            var lowResolution = DegradationOption.Parse(parse.GetValue(degradation)!);
            var startingFile = parse.GetValue(warmStart);
            if (startingFile is { } source && !Directory.Exists(files.Checkpoint))
            {
                var report = WarmStart.FromFile(source.FullName, info, network);
                var fresh = report.Skipped.Count == 0 ? "" : $", kept {report.Skipped.Count} fresh ({string.Join(", ", report.Skipped)})";
                Console.WriteLine($"Warm start from {source.Name}: copied {report.Copied.Count} tensors{fresh}.");
            }

            using var perceptual = parse.GetValue(vgg19) is { } vggFile ? PerceptualLoss.FromCheckpoint(vggFile.FullName) : null;

            var clock = Stopwatch.StartNew();
            var folders = parse.GetValue(train)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var dataset = PairDataset.Load(folders, new PairDatasetOptions { Scales = factors, ImageScales = ParseFactors(parse.GetValue(imageScales)!), Degradation = lowResolution, ColorMode = network.ColorMode, PreUpsampled = network.PreUpsampled, Seed = runSeed });
            Console.WriteLine($"{dataset.Pairs(factor).Count} training images at {(factors.Count == 1 ? "" : "each of ")}x{string.Join(", x", factors)} ready in {clock.Elapsed.TotalSeconds:F1} s.");
            Interrupt.Token.ThrowIfCancellationRequested();
            var patchSize = parse.GetValue(patch) ?? (network.PreUpsampled ? 41 : network.ColorMode == ColorMode.Rgb ? 48 : 17);
            var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = patchSize, BatchSize = parse.GetValue(batch), MinimumDeviation = parse.GetValue(minimumDeviation), Seed = runSeed });
            var options = new TrainerOptions
            {
                Iterations = parse.GetValue(iterations),
                LearningRate = parse.GetValue(learningRate),
                LossBorder = ParseBorder(parse.GetValue(lossBorder)!, network),
                Loss = Enum.Parse<PixelLoss>(parse.GetValue(loss)!, ignoreCase: true),
                Optimizer = Enum.Parse<TrainingOptimizer>(parse.GetValue(optimizer)!, ignoreCase: true),
                Schedule = Enum.Parse<LearningRateSchedule>(parse.GetValue(schedule)!, ignoreCase: true),
                ClipNorm = parse.GetValue(clipNorm),
                AdjustableClip = parse.GetValue(adjustableClip),
                WeightDecay = parse.GetValue(weightDecay),
                ValidationFolder = parse.GetValue(validation),
                ValidateEvery = parse.GetValue(validateEvery),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                TimeBudget = parse.GetValue(minutes) is { } m ? TimeSpan.FromMinutes(m) : null,
                Device = parse.GetValue(device),
                Threads = parse.GetValue(threads),
                Files = files,
                Architecture = info.Name,
                StartingRecipe = startingFile is null ? null : RecipeOf(startingFile),
            };

            // Ctrl+C or SIGTERM stops after the current iteration and writes a checkpoint (see Interrupt).
            using var discriminator = parse.GetValue(adversarial) ? new SrganDiscriminator(new SrganDiscriminatorOptions { InputSize = sampler.TargetSize }) : null;
            var trainer = new Trainer(network, sampler, options, discriminator, perceptual);
            Console.WriteLine($"Training on {trainer.Device.ToString().ToUpperInvariant()}.");
            var result = trainer.Train(new ConsoleProgress(), Interrupt.Token);
            Console.WriteLine();
            var resumed = result.ResumedFrom > 0 ? $" (resumed from {result.ResumedFrom})" : "";
            var best = result.BestPsnr is { } psnr ? string.Create(CultureInfo.InvariantCulture, $"; best validation PSNR {psnr:F2} dB at iteration {result.BestIteration}") : "";
            Console.WriteLine($"{result.Stop}: {result.Iteration} of {options.Iterations} iterations{resumed}{best}.");
            var written = File.Exists(files.Model) ? $"{files.Model}{(trainer.KeepsBestPsnr ? "" : " (the latest generator)")}" : "none written (no iteration ran)";
            Console.WriteLine($"Model: {written}{Environment.NewLine}Curve: {files.CurveCsv}, {files.CurvePlot}{Environment.NewLine}Checkpoint: {files.Checkpoint}");

            // 130, as for every cancelled command (CliErrors), so that scripts can tell an interrupted run from a finished one.
            return result.Stop == TrainingStop.Cancelled ? 130 : 0;
        });
        return command;
    }

    /// <summary>Rewrites one console line with the latest progress.</summary>
    private sealed class ConsoleProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            var validation = value.ValidationPsnr is { } psnr ? $"  val {psnr:F2} dB (best {value.BestValidationPsnr:F2})" : "";
            var remaining = value.Remaining.TotalHours >= 100 ? ">99h" : $"{(int)value.Remaining.TotalHours:D2}:{value.Remaining:mm\\:ss}";
            Console.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\riteration {value.Iteration}/{value.Iterations}  loss {value.Loss:F5}  lr {value.LearningRate:G3}  {value.IterationsPerSecond:F1} it/s{validation}  ETA {remaining}   "));
        }
    }

    /// <summary>The warm-start file's recipe, read on every run (a resumed one too) so that each saved model names where its chain began.</summary>
    private static string RecipeOf(FileInfo warmStart)
    {
        using var stream = warmStart.OpenRead();
        return ModelWeights.ReadMetadata(stream).TrainingRecipe ?? $"{warmStart.Name}, which records no recipe";
    }

    private static int ParseBorder(string text, SuperResolutionNetwork network) =>
        text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? Trainer.PaddingFreeBorder(network)
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var border) ? border
        : throw new ArgumentException($"'{text}' is not a loss border (auto, or a whole number of pixels such as 8).");

    private static IReadOnlyList<double> ParseFactors(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) ? factor : throw new ArgumentException($"'{s}' is not an image scale (a number in (0, 1], such as 0.9)."))
            .ToArray();
}
