using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SuperRes.Imaging;
using SuperRes.Metrics;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training.Data;
using SuperRes.Training.Degradations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>Why <see cref="Trainer.Train"/> returned.</summary>
public enum TrainingStop
{
    /// <summary>All iterations are done.</summary>
    Completed,

    /// <summary>The time budget ran out; a checkpoint was written and the same run resumes from it.</summary>
    TimeBudget,

    /// <summary>Cancellation was requested; a checkpoint was written.</summary>
    Cancelled,
}

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="Iteration">Iterations done, those of earlier (resumed) calls included.</param>
/// <param name="Stop">Why the call returned.</param>
/// <param name="BestPsnr">The best validation PSNR, or null without validation.</param>
/// <param name="BestIteration">The iteration of <paramref name="BestPsnr"/>.</param>
/// <param name="Curve">The whole training curve.</param>
/// <param name="ResumedFrom">The iteration this call resumed from (0 for a fresh start).</param>
public sealed record TrainingResult(long Iteration, TrainingStop Stop, double? BestPsnr, long BestIteration, IReadOnlyList<CurvePoint> Curve, long ResumedFrom);

/// <summary>
/// Trains a <see cref="SuperResolutionNetwork"/> on patches from a <see cref="PatchSampler"/>: pixel loss, Adam or
/// SGD with a step or cosine schedule, optional gradient clipping, validation under the papers' protocol
/// (<see cref="Evaluation.Run(string, ISuperResolver, string, Func{PlanarImage, PlanarImage}, CancellationToken)"/>), checkpoints that resume bit for bit, and a time budget.
/// </summary>
/// <remarks>
/// <para>
/// Resuming is exact because every piece of state is either saved (network, optimiser, iteration, curve) or a
/// function of the seed and the iteration (the batches and the learning rate). The trainer does not own the
/// network; it moves it to the training device.
/// </para>
/// <para>
/// A step whose loss is not finite stops the run with a <see cref="TrainingDivergedException"/> instead of writing
/// NaN into the weights.
/// </para>
/// <para>
/// Given an <see cref="SrganDiscriminator"/>, it trains as SRGAN does (Ledig et al., CVPR 2017), after the
/// generator has been pre-trained on the pixel loss alone (warm-start from that model): each iteration first
/// updates the generator on pixel loss + <see cref="TrainerOptions.AdversarialWeight"/> x binary cross-entropy
/// (with logits) of the discriminator calling its output real, then updates the discriminator (Adam, same
/// learning rate) on real targets against the detached outputs. Given a <see cref="Training.PerceptualLoss"/>
/// (ImageNet VGG19 weights the user supplies), every step adds <see cref="TrainerOptions.PerceptualWeight"/> x
/// that loss, the paper's VGG54 content loss; it works with or without a discriminator.
/// </para>
/// </remarks>
public sealed class Trainer
{
    private readonly Device _device;

    /// <summary>Initialises the trainer.</summary>
    /// <param name="network">The network to train, already initialised (or warm-started).</param>
    /// <param name="sampler">The training batches; their channels and pre-upsampling must be the network's.</param>
    /// <param name="options">The settings; defaults when null.</param>
    /// <param name="discriminator">For adversarial (SRGAN) training, the discriminator of RGB target-sized patches; null for pixel loss only.</param>
    /// <param name="perceptualLoss">A VGG perceptual loss to add to the pixel loss, or null; the trainer does not own it.</param>
    /// <exception cref="InvalidOperationException"><see cref="TrainerOptions.Device"/> asks for CUDA, which the loaded LibTorch does not offer.</exception>
    public Trainer(SuperResolutionNetwork network, PatchSampler sampler, TrainerOptions? options = null, SrganDiscriminator? discriminator = null, PerceptualLoss? perceptualLoss = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sampler);
        Options = options ?? new TrainerOptions();
        Validate(Options);
        var channels = network.ColorMode == ColorMode.Y ? 1 : 3;
        var pairs = sampler.Dataset.Options;
        if (sampler.Channels != channels || pairs.PreUpsampled != network.PreUpsampled)
        {
            throw new ArgumentException(
                $"{network.GetName()} takes {channels}-channel {(network.PreUpsampled ? "pre-upsampled" : "LR")} input; the sampler gives {sampler.Channels}-channel {(pairs.PreUpsampled ? "pre-upsampled" : "LR")} patches.",
                nameof(sampler));
        }

        if (!network.PreUpsampled && !pairs.Scales.SequenceEqual([network.Scale]))
        {
            throw new ArgumentException($"{network.GetName()} enlarges x{network.Scale}; its training pairs must be x{network.Scale} only, not x{string.Join(", x", pairs.Scales)}.", nameof(sampler));
        }

        // Validation and the saved file's first scale are the network's, so it must be one the pairs train.
        if (pairs.Scales[0] != network.Scale)
        {
            throw new ArgumentException($"{network.GetName()} is made for x{network.Scale}; the first scale of its training pairs must be x{network.Scale}, not x{string.Join(", x", pairs.Scales)}.", nameof(sampler));
        }

        if (discriminator is not null && (channels != 3 || sampler.TargetSize != discriminator.Options.InputSize))
        {
            throw new ArgumentException(
                $"The discriminator judges RGB {discriminator.Options.InputSize}-pixel patches; the targets are {sampler.Channels}-channel and {sampler.TargetSize} pixels.",
                nameof(discriminator));
        }

        if (2 * Options.LossBorder >= sampler.TargetSize)
        {
            throw new ArgumentException($"A loss border of {Options.LossBorder} pixels leaves nothing of the {sampler.TargetSize}-pixel target patches; use larger patches or a smaller border.", nameof(options));
        }

        Network = network;
        Sampler = sampler;
        Discriminator = discriminator;
        PerceptualLoss = perceptualLoss;
        Device = ModelResolver.ResolveDevice(Options.Device);
        _device = Device == ComputeDevice.Cuda ? torch.CUDA : torch.CPU;
    }

    /// <summary>Gets where the network trains: <see cref="TrainerOptions.Device"/>, with <see cref="ComputeDevice.Auto"/> resolved.</summary>
    public ComputeDevice Device { get; }

    /// <summary>Gets the network.</summary>
    public SuperResolutionNetwork Network { get; }

    /// <summary>
    /// Gets how many output pixels at each side of a patch depend on the zero padding of
    /// <paramref name="network"/>'s convolutions: the <see cref="TrainerOptions.LossBorder"/> that leaves only
    /// pixels computed as they would be inside a whole image.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <returns>The receptive radius, in output pixels.</returns>
    /// <remarks>
    /// A network that enlarges inside reads its input pixel floor(y / scale) and <see cref="SuperResolutionNetwork.ReceptiveRadius"/>
    /// input pixels around it for output pixel y, so output pixels from radius x scale on read no padding.
    /// </remarks>
    public static int PaddingFreeBorder(SuperResolutionNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.PreUpsampled ? network.ReceptiveRadius : network.ReceptiveRadius * network.Scale;
    }

    /// <summary>
    /// Gets what the network is trained to see beyond image borders: <see cref="BorderPadding.Mirror"/> when
    /// <see cref="TrainerOptions.LossBorder"/> is at least <see cref="PaddingFreeBorder"/>, so that the loss never
    /// sees padding, else <see cref="BorderPadding.Zero"/>. Validation runs with it and the model file records it.
    /// </summary>
    public BorderPadding BorderPadding => Options.LossBorder >= PaddingFreeBorder(Network) ? BorderPadding.Mirror : BorderPadding.Zero;

    /// <summary>Gets the discriminator of adversarial training, or null.</summary>
    public SrganDiscriminator? Discriminator { get; }

    /// <summary>
    /// Gets whether the model file holds the network of the best validation PSNR: true on pixel loss alone. The
    /// adversarial and perceptual losses trade PSNR for texture on purpose, so picking by PSNR would pick the
    /// generator least changed by them; runs that weigh either above 0 keep the latest network (at each validation
    /// and at the end).
    /// </summary>
    public bool KeepsBestPsnr =>
        (Discriminator is null || Options.AdversarialWeight == 0) && (PerceptualLoss is null || Options.PerceptualWeight == 0);

    /// <summary>Gets the perceptual loss added to the pixel loss, or null.</summary>
    public PerceptualLoss? PerceptualLoss { get; }

    /// <summary>Gets the batches.</summary>
    public PatchSampler Sampler { get; }

    /// <summary>Gets the settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Gets the learning rate used for the step after <paramref name="iteration"/> iterations.</summary>
    /// <param name="iteration">Iterations done, 0 or more.</param>
    /// <returns>The rate.</returns>
    public double LearningRateAt(long iteration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        return Options.Schedule switch
        {
            LearningRateSchedule.Step => Options.LearningRate * Math.Pow(Options.StepGamma, iteration / (Options.StepEvery ?? Math.Max(1, Options.Iterations / 2))),
            LearningRateSchedule.Cosine => Options.MinimumLearningRate
                + (0.5 * (Options.LearningRate - Options.MinimumLearningRate) * (1 + Math.Cos(Math.PI * Math.Min(iteration, Options.Iterations) / Options.Iterations))),
            _ => throw new InvalidOperationException($"Unknown schedule {Options.Schedule}."),
        };
    }

    /// <summary>
    /// Trains until all iterations are done, the time budget runs out or <paramref name="cancellationToken"/> is
    /// cancelled. With <see cref="TrainerOptions.Files"/> set, it first resumes from the checkpoint there, if any.
    /// </summary>
    /// <param name="progress">Told every <see cref="TrainerOptions.LogEvery"/> iterations and after each validation, on the training thread.</param>
    /// <param name="cancellationToken">Checked before each iteration; a checkpoint is written when it fires.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="TrainingDivergedException">The loss of a step was NaN or infinite.</exception>
    public TrainingResult Train(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        Network.to(_device);
        Network.train();
        Discriminator?.to(_device).train();
        PerceptualLoss?.to(_device);
        using var optimizer = CreateOptimizer(Network);
        using var discriminatorOptimizer = Discriminator is null ? null : CreateOptimizer(Discriminator);
        List<CheckpointPart> parts = [new("network", Network, optimizer)];
        if (Discriminator is not null)
        {
            parts.Add(new("discriminator", Discriminator, discriminatorOptimizer!));
        }

        var files = Options.Files;
        files?.CreateFolders();

        var run = RunIdentity();
        var state = files is null ? null : TrainingCheckpoint.Load(files.Checkpoint, run, parts);
        var iteration = state?.Iteration ?? 0;
        var resumedFrom = iteration;
        var curve = new List<CurvePoint>(state?.Curve ?? []);
        var best = state?.BestPsnr;
        var bestIteration = state?.BestIteration ?? 0;
        var latest = curve.LastOrDefault(p => p.ValidationPsnr is not null)?.ValidationPsnr;
        var savedIteration = resumedFrom;
        torch.manual_seed(Seeds.Derive(Sampler.Options.Seed, iteration));

        using var loader = new BatchLoader(Sampler, iteration, Options.PrefetchBatches);
        var clock = Stopwatch.StartNew();
        var lossSum = state?.OpenLossSum ?? 0;
        var lossCount = state?.OpenLossCount ?? 0;
        var stop = TrainingStop.Completed;
        while (iteration < Options.Iterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stop = TrainingStop.Cancelled;
                break;
            }

            if (clock.Elapsed >= Options.TimeBudget)
            {
                stop = TrainingStop.TimeBudget;
                break;
            }

            var learningRate = LearningRateAt(iteration);
            var loss = Step(loader.Next(), learningRate, optimizer, discriminatorOptimizer);
            iteration++;
            if (!double.IsFinite(loss))
            {
                throw new TrainingDivergedException(iteration, loss, learningRate);
            }

            lossSum += loss;
            lossCount++;

            var validate = Options.ValidationFolder is not null && (iteration % Options.ValidateEvery == 0 || iteration == Options.Iterations);
            double? psnr = null;
            if (validate)
            {
                psnr = latest = ValidationPsnr();
                var improved = best is null || psnr > best;
                if (improved)
                {
                    (best, bestIteration) = (psnr, iteration);
                }

                if (improved || !KeepsBestPsnr)
                {
                    SaveModel(files, iteration, psnr);
                    savedIteration = iteration;
                }
            }

            if (validate || iteration % Options.LogEvery == 0 || iteration == Options.Iterations)
            {
                curve.Add(new CurvePoint(iteration, lossSum / lossCount, learningRate, psnr));
                (lossSum, lossCount) = (0, 0);
                var rate = (iteration - resumedFrom) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Report(new TrainingProgress(iteration, Options.Iterations, curve[^1].Loss, learningRate, rate, latest, best, Remaining(iteration, rate, clock.Elapsed)));
            }

            if (files is not null && iteration % Options.CheckpointEvery == 0)
            {
                TrainingCheckpoint.Save(files.Checkpoint, new TrainingState(run, iteration, best, bestIteration, curve, lossSum, lossCount), parts);
            }
        }

        if (files is not null)
        {
            TrainingCheckpoint.Save(files.Checkpoint, new TrainingState(run, iteration, best, bestIteration, curve, lossSum, lossCount), parts);

            // A run stopped before its first step has trained nothing that --out should hold.
            if ((Options.ValidationFolder is null || !KeepsBestPsnr) && iteration > savedIteration)
            {
                SaveModel(files, iteration, null);
            }

            TrainingCurve.WriteCsv(files.CurveCsv, curve);
            TrainingCurve.WritePlot(files.CurvePlot, curve);
        }

        return new TrainingResult(iteration, stop, best, bestIteration, curve, resumedFrom);
    }

    /// <summary>
    /// Scores the network on <see cref="TrainerOptions.ValidationFolder"/> under the papers' protocol, its LR images
    /// made by the training pairs' degradation (<see cref="DegradationExtensions.ForEvaluation"/>; MATLAB's bicubic,
    /// the protocol's own, by default), and puts it back in training mode.
    /// </summary>
    /// <returns>The mean PSNR in dB.</returns>
    /// <exception cref="InvalidOperationException">No validation folder is set.</exception>
    public double ValidationPsnr()
    {
        var folder = Options.ValidationFolder ?? throw new InvalidOperationException("No validation folder is set.");
        try
        {
            var resolver = new ModelResolver(Network, new ModelResolverOptions { Device = Device, BorderPadding = BorderPadding });
            return Evaluation.Run(ModelName, resolver, folder, Sampler.Dataset.Options.Degradation.ForEvaluation(Network.Scale)).Psnr;
        }
        finally
        {
            Network.train();
        }
    }

    private static void Validate(TrainerOptions options)
    {
        Require(options.Iterations >= 1, nameof(options.Iterations), options.Iterations, "must be at least 1");
        Require(options.ValidateEvery >= 1, nameof(options.ValidateEvery), options.ValidateEvery, "must be at least 1");
        Require(options.LogEvery >= 1, nameof(options.LogEvery), options.LogEvery, "must be at least 1");
        Require(options.CheckpointEvery >= 1, nameof(options.CheckpointEvery), options.CheckpointEvery, "must be at least 1");
        Require(options.PrefetchBatches >= 1, nameof(options.PrefetchBatches), options.PrefetchBatches, "must be at least 1");
        Require(options.LossBorder >= 0, nameof(options.LossBorder), options.LossBorder, "must be 0 or more");
        Require(options.LearningRate > 0 && double.IsFinite(options.LearningRate), nameof(options.LearningRate), options.LearningRate, "must be positive");
        Require(options.MinimumLearningRate >= 0 && options.MinimumLearningRate <= options.LearningRate, nameof(options.MinimumLearningRate), options.MinimumLearningRate, "must be from 0 to the learning rate");
        Require(options.Momentum is >= 0 and < 1, nameof(options.Momentum), options.Momentum, "must be from 0 up to, not including, 1");
        Require(options.WeightDecay >= 0 && double.IsFinite(options.WeightDecay), nameof(options.WeightDecay), options.WeightDecay, "must be finite and 0 or more");
        Require(options.StepGamma is > 0 and <= 1, nameof(options.StepGamma), options.StepGamma, "must be above 0 and at most 1");
        Require(options.StepEvery is null or >= 1, nameof(options.StepEvery), options.StepEvery, "must be at least 1 when set");
        Require(options.ClipNorm is null or > 0 && double.IsFinite(options.ClipNorm ?? 1), nameof(options.ClipNorm), options.ClipNorm, "must be positive when set");
        Require(options.AdjustableClip is null or > 0 && double.IsFinite(options.AdjustableClip ?? 1), nameof(options.AdjustableClip), options.AdjustableClip, "must be positive when set");
        Require(options.AdversarialWeight >= 0 && double.IsFinite(options.AdversarialWeight), nameof(options.AdversarialWeight), options.AdversarialWeight, "must be finite and 0 or more");
        Require(options.PerceptualWeight >= 0 && double.IsFinite(options.PerceptualWeight), nameof(options.PerceptualWeight), options.PerceptualWeight, "must be finite and 0 or more");
        Require(options.Threads is null or >= 1, nameof(options.Threads), options.Threads, "must be at least 1 when set");
        Require(options.TimeBudget is null || options.TimeBudget >= TimeSpan.Zero, nameof(options.TimeBudget), options.TimeBudget, "must be 0 or more when set");
        if (options.Files is not null && string.IsNullOrWhiteSpace(options.Architecture))
        {
            throw new ArgumentException("TrainerOptions.Architecture must name the network (e.g. espcn) when Files is set: the model file records it.", nameof(options));
        }

        // A mistyped folder would otherwise surface at the first validation, ValidateEvery iterations in and unsaved.
        if (options.ValidationFolder is { } folder)
        {
            try
            {
                Evaluation.HighResolutionImages(folder);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"TrainerOptions.ValidationFolder: {error.Message}", nameof(options), error);
            }
        }
    }

    private static void Require(bool valid, string property, object? value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException("options", value, string.Create(CultureInfo.InvariantCulture, $"TrainerOptions.{property} {rule}; it is {value}."));
        }
    }

    private static void RequireGradients(nn.Module module, bool required)
    {
        foreach (var parameter in module.parameters())
        {
            parameter.requires_grad = required;
        }
    }


    private ParameterOptimizer CreateOptimizer(nn.Module module) =>
        new(module.parameters(), Options.Optimizer, Options.LearningRate, Options.WeightDecay, Options.Momentum);

    private double Step(TrainingBatch batch, double learningRate, ParameterOptimizer optimizer, ParameterOptimizer? discriminatorOptimizer)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.LearningRate = learningRate;
        var (input, target) = batch.ToTensors(_device);
        optimizer.ZeroGrad();
        var output = Network.call(input);
        var loss = PixelLosses.Compute(Options.Loss, output, target, Options.LossBorder);
        if (PerceptualLoss is not null)
        {
            // A using local keeps the Scalar alive through the native call (see RootedScalars in SuperRes.Core).
            using var perceptualWeight = Options.PerceptualWeight.ToScalar();
            loss = loss.add(PerceptualLoss.call(output, target), perceptualWeight);
        }

        if (Discriminator is not null)
        {
            // The generator's step must not move the discriminator, so its gradients are not even computed.
            RequireGradients(Discriminator, false);
            var judged = Discriminator.call(output);
            using var adversarialWeight = Options.AdversarialWeight.ToScalar();
            loss = loss.add(nn.functional.binary_cross_entropy_with_logits(judged, torch.ones_like(judged)), adversarialWeight);
            RequireGradients(Discriminator, true);
        }

        // A step whose loss is not finite would write NaN into every weight; the caller stops the run instead.
        var value = loss.item<float>();
        if (!float.IsFinite(value))
        {
            return value;
        }

        loss.backward();
        if (Options.AdjustableClip is { } theta)
        {
            torch.nn.utils.clip_grad_value_(Network.parameters(), theta / learningRate);
        }

        if (Options.ClipNorm is { } maxNorm)
        {
            torch.nn.utils.clip_grad_norm_(Network.parameters(), maxNorm);
        }

        optimizer.Step();
        if (Discriminator is not null)
        {
            DiscriminatorStep(output.detach(), target, learningRate, discriminatorOptimizer!);
        }

        return value;
    }

    private void DiscriminatorStep(Tensor fake, Tensor real, double learningRate, ParameterOptimizer optimizer)
    {
        optimizer.LearningRate = learningRate;
        optimizer.ZeroGrad();
        var realLogits = Discriminator!.call(real);
        var fakeLogits = Discriminator.call(fake);
        var loss = nn.functional.binary_cross_entropy_with_logits(realLogits, torch.ones_like(realLogits))
            .add(nn.functional.binary_cross_entropy_with_logits(fakeLogits, torch.zeros_like(fakeLogits)), RootedScalars.One);
        loss.backward();
        optimizer.Step();
    }

    private void SaveModel(TrainingFiles? files, long iteration, double? validationPsnr)
    {
        if (files is null)
        {
            return;
        }

        var dataset = Sampler.Dataset;
        var sources = dataset.Sources.Count == 0 ? "" : $"{string.Join(", ", dataset.Sources)}, ";
        var startedFrom = Options.StartingRecipe is { } start ? $". The file it started from: {start}" : "";
        var recipe = string.Create(
            CultureInfo.InvariantCulture,
            $"{RunDescription()}; data {sources}{dataset.Pairs(dataset.Scales[0]).Count} training images per scale, LR by {dataset.Options.Degradation}; saved at iteration {iteration}{startedFrom}");
        var metadata = WeightsMetadata.For(Network, Options.Architecture!) with { Scales = dataset.Scales, TrainingRecipe = recipe, BorderPadding = BorderPadding };

        // psnr.<dataset> is read as the protocol's figure (eval --record, the model zoo); a score on other LR images is not.
        if (validationPsnr is { } psnr && dataset.Options.Degradation is BicubicDownscale)
        {
            metadata = metadata with { Psnr = new Dictionary<string, double> { [ValidationSetName(Options.ValidationFolder!)] = psnr } };
        }

        Network.SaveWeights(files.Model, metadata);
    }

    private static string ValidationSetName(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    private TimeSpan Remaining(long iteration, double rate, TimeSpan elapsed)
    {
        var seconds = (Options.Iterations - iteration) / Math.Max(rate, 1e-9);
        var remaining = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        return Options.TimeBudget is { } budget && budget - elapsed < remaining ? budget - elapsed : remaining;
    }

    private string ImageScalesDescription()
    {
        var factors = Sampler.Dataset.Options.ImageScales;
        var shrunk = string.Join("/", factors.Where(f => f != 1).Select(f => f.ToString(CultureInfo.InvariantCulture)));
        return factors switch
        {
            [1] => "",
            _ when factors.Contains(1) => $" (images also shrunk by {shrunk})",
            _ => $" (images shrunk by {shrunk}, originals unused)",
        };
    }

    /// <summary>
    /// <see cref="RunDescription"/> with every other setting that changes what the run computes: the data, the
    /// degradation, the validation set and the optimiser's and schedule's settings. A checkpoint resumes only a run
    /// of the same identity.
    /// </summary>
    private string RunIdentity()
    {
        var names = Sampler.Dataset.Scales.SelectMany(scale => Sampler.Dataset.Pairs(scale).Select(pair => $"{scale}:{pair.Name}"));
        var data = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", names))))[..16];
        var validation = Options.ValidationFolder is { } folder ? Path.GetFullPath(folder) : "none";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{RunDescription()}; data {data}, {Sampler.Dataset.Options.Degradation}, augment {Sampler.Options.Augment}; validation {validation}; momentum {Options.Momentum:R}, weight decay {Options.WeightDecay:R}, step every {Options.StepEvery} by {Options.StepGamma:R}, minimum lr {Options.MinimumLearningRate:R}, clip norm {Options.ClipNorm:R}, adjustable clip {Options.AdjustableClip:R}");
    }

    // The catalog name where there is one: class names are shared (FSRCNN and FSRCNN-s, EDSR and EDSR baseline).
    private string ModelName => Options.Architecture ?? Network.GetName();

    private string RunDescription()
    {
        var sampler = Sampler.Options;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ModelName} x{Network.Scale} on x{string.Join(",", Sampler.Dataset.Scales)}{ImageScalesDescription()}, patch {sampler.PatchSize}{(Options.LossBorder > 0 ? $" (loss border {Options.LossBorder})" : "")}{(sampler.MinimumDeviation > 0 ? $", patch deviation at least {sampler.MinimumDeviation:R}" : "")}, batch {sampler.BatchSize}, seed {sampler.Seed}, {Options.Loss}, {Options.Optimizer} lr {Options.LearningRate:R} {Options.Schedule}, {Options.Iterations} iterations{(PerceptualLoss is null ? "" : $", VGG19 perceptual loss ({PerceptualLoss.Layers} layers) weight {Options.PerceptualWeight:R}")}{(Discriminator is null ? "" : $", adversarial weight {Options.AdversarialWeight:R}")}");
    }
}
