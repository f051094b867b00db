using NUnit.Framework;
using SuperRes.Metrics;
using SuperRes.Models;
using SuperRes.Models.Architectures;
using SuperRes.Models.Weights;
using SuperRes.Training.Data;
using SuperRes.Training.Degradations;
using TorchSharp;

namespace SuperRes.Training.Tests;

public class TrainerTests
{
    private static readonly EspcnOptions Tiny = new() { FirstFeatures = 8, SecondFeatures = 4 };

    private static readonly Lazy<PatchSampler> Sampler = new(() =>
    {
        var images = Enumerable.Range(0, 4).Select(i => TestImages.Pattern(40, 36, i)).ToArray();
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Y });
        return new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 4, Seed = 21 });
    });

    private string _folder = "";

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "superres-trainer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void LossFallsOverTwentyIterations()
    {
        using var network = NewNetwork(1);
        var result = new Trainer(network, Sampler.Value, Options(20) with { Loss = PixelLoss.Mse, LearningRate = 3e-3 }).Train();
        var losses = result.Curve.Select(p => p.Loss).ToArray();
        Assert.That(result.Stop, Is.EqualTo(TrainingStop.Completed));
        Assert.That(losses, Has.Length.EqualTo(20));
        Assert.That(losses[^5..].Average(), Is.LessThan(0.5 * losses[..5].Average()));
    }

    [Test]
    public void AResumedRunEqualsTheUninterruptedOneBitForBit()
    {
        // Logging every 4 iterations and a checkpoint every 3: the checkpoint falls inside a logging window.
        const int iterations = 6;
        var options = Options(iterations) with { LogEvery = 4, CheckpointEvery = 3 };
        using var uninterrupted = NewNetwork(5);
        var whole = new Trainer(uninterrupted, Sampler.Value, options).Train();

        // Kill after iteration 4: the checkpoint of iteration 3 is all that survives.
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        var saved = Path.Combine(_folder, "saved");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Iteration == 4)
            {
                CopyFolder(files.Checkpoint, saved);
                cancel.Cancel();
            }
        });
        using var killed = NewNetwork(5);
        var first = new Trainer(killed, Sampler.Value, options with { Files = files }).Train(progress, cancel.Token);
        Assert.That((first.Stop, first.Iteration), Is.EqualTo((TrainingStop.Cancelled, 4L)));
        Directory.Delete(files.Checkpoint, recursive: true);
        CopyFolder(saved, files.Checkpoint);

        // A new process would build a fresh network: different weights, overwritten by the checkpoint.
        using var resumed = NewNetwork(99);
        var second = new Trainer(resumed, Sampler.Value, options with { Files = files }).Train();
        Assert.That((second.ResumedFrom, second.Iteration), Is.EqualTo((3L, 6L)));
        foreach (var ((name, expected), (_, actual)) in uninterrupted.named_parameters().Zip(resumed.named_parameters()))
        {
            Assert.That(actual.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()), name);
        }

        // The point at iteration 4 averages iterations 1 to 4, three of them from before the resume.
        Assert.That(second.Curve, Is.EqualTo(whole.Curve));
    }

    [Test]
    public void ACheckpointValidatedOnAnotherSetIsRefused()
    {
        var first = TestImages.WriteFolder(_folder, "ValA", 1, 24, 24);
        var second = TestImages.WriteFolder(_folder, "ValB", 1, 24, 24);
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        using var network = NewNetwork(1);
        using var cancel = new CancellationTokenSource();
        var stopAtTwo = new SynchronousProgress(p =>
        {
            if (p.Iteration == 2)
            {
                cancel.Cancel();
            }
        });
        var stopped = new Trainer(network, Sampler.Value, Options(4) with { Files = files, ValidationFolder = first, ValidateEvery = 1 }).Train(stopAtTwo, cancel.Token);
        Assert.That(stopped.Stop, Is.EqualTo(TrainingStop.Cancelled));

        // Its best PSNR, measured on the first set, would be compared with scores on the second.
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(network, Sampler.Value, Options(4) with { Files = files, ValidationFolder = second, ValidateEvery = 1 }).Train());
        Assert.That(error!.Message, Does.Contain("another run"));
    }

    [Test]
    public void ARunCancelledBeforeItsFirstStepWritesNoModel()
    {
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        using var network = NewNetwork(1);
        var result = new Trainer(network, Sampler.Value, Options(5) with { Files = files }).Train(cancellationToken: new CancellationToken(canceled: true));
        Assert.That((result.Stop, result.Iteration), Is.EqualTo((TrainingStop.Cancelled, 0L)));
        Assert.That(files.Model, Does.Not.Exist, "an untrained network is no model");
        Assert.That(files.Checkpoint, Does.Exist);
    }

    [Test]
    public void AutoTrainsOnTheCpuWhereThereIsNoCudaAndCudaIsRefusedThere()
    {
        Assume.That(torch.cuda.is_available(), Is.False, "this machine has CUDA");
        using var network = NewNetwork(1);
        Assert.That(new Trainer(network, Sampler.Value, Options(1) with { Device = ComputeDevice.Auto }).Device, Is.EqualTo(ComputeDevice.Cpu));
        Assert.That(
            () => new Trainer(network, Sampler.Value, Options(1) with { Device = ComputeDevice.Cuda }),
            Throws.InvalidOperationException.With.Message.StartsWith("CUDA was requested but is not available: "));
    }

    private static IEnumerable<TestCaseData> WrongOptions()
    {
        yield return new TestCaseData(Options(1) with { CheckpointEvery = 0 }, "TrainerOptions.CheckpointEvery must be at least 1");
        yield return new TestCaseData(Options(1) with { Threads = 0 }, "TrainerOptions.Threads must be at least 1");
        yield return new TestCaseData(Options(1) with { MinimumLearningRate = -1e-4 }, "TrainerOptions.MinimumLearningRate must be from 0 to the learning rate");
        yield return new TestCaseData(Options(1) with { Momentum = 1 }, "TrainerOptions.Momentum must be from 0 up to");
        yield return new TestCaseData(Options(1) with { StepGamma = 0 }, "TrainerOptions.StepGamma must be above 0");
        yield return new TestCaseData(Options(1) with { WeightDecay = double.NaN }, "TrainerOptions.WeightDecay must be finite");
    }

    [TestCaseSource(nameof(WrongOptions))]
    public void AWrongOptionIsNamedBeforeTraining(TrainerOptions options, string expected)
    {
        using var network = NewNetwork(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Trainer(network, Sampler.Value, options));
        Assert.That(error!.Message, Does.StartWith(expected));
    }

    [Test]
    public void ACheckpointOfAnotherRunIsRefused()
    {
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        using var network = NewNetwork(1);
        new Trainer(network, Sampler.Value, Options(2) with { Files = files }).Train();
        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(network, Sampler.Value, Options(2) with { Files = files, LearningRate = 0.5 }).Train());
        Assert.That(error!.Message, Does.Contain("another run"));
    }

    [Test]
    public void ACheckpointOfAnotherCatalogModelOfTheSameClassIsRefused()
    {
        // FSRCNN and FSRCNN-s, or EDSR and EDSR baseline, share a class; the catalog name tells their runs apart.
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        using var network = NewNetwork(1);
        new Trainer(network, Sampler.Value, Options(2) with { Files = files }).Train();

        var error = Assert.Throws<InvalidOperationException>(() => new Trainer(network, Sampler.Value, Options(2) with { Files = files, Architecture = "espcn-wide" }).Train());

        Assert.That(error!.Message, Does.Contain("another run"));
    }

    [Test]
    public void AValidationFolderWithoutImagesIsRefusedBeforeTheFirstStep()
    {
        using var network = NewNetwork(1);
        var missing = Path.Combine(_folder, "Set5-typo");

        var error = Assert.Throws<ArgumentException>(() => _ = new Trainer(network, Sampler.Value, Options(2) with { ValidationFolder = missing }));

        Assert.That(error!.Message, Does.StartWith($"TrainerOptions.ValidationFolder: No images in '{missing}'"));
    }

    [Test]
    public void ValidationScoresTheTrainingDegradationWithTheSameNoiseEachTimeAndTheFileRecordsNoProtocolPsnr()
    {
        var validation = TestImages.WriteFolder(_folder, "Val", 2, 24, 24);
        var noisy = new DegradationPipeline(new BicubicDownscale(), new GaussianNoise(8));
        var images = Enumerable.Range(0, 4).Select(i => TestImages.Pattern(40, 36, i)).ToArray();
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Y, Degradation = noisy });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 4, Seed = 21 });
        var files = TrainingFiles.Beside(Path.Combine(_folder, "espcn_x2.safetensors"));
        using var network = NewNetwork(2);
        var trainer = new Trainer(network, sampler, Options(2) with { ValidationFolder = validation, ValidateEvery = 2, Files = files });

        var result = trainer.Train();
        var again = trainer.ValidationPsnr();

        var resolver = new ModelResolver(network, new ModelResolverOptions { Device = trainer.Device, BorderPadding = trainer.BorderPadding });
        var onNoisyImages = Evaluation.Run("espcn", resolver, validation, noisy.ForEvaluation(2)).Psnr;
        var onProtocolImages = Evaluation.Run("espcn", resolver, validation).Psnr;
        Assert.That(result.BestPsnr, Is.EqualTo(again), "the same noise at every validation");
        Assert.That(again, Is.EqualTo(onNoisyImages), "the LR images a later eval with the same degradation scores");
        Assert.That(Math.Abs(again - onProtocolImages), Is.GreaterThan(0.01), "noise of 8 levels changes the score");

        using var reloaded = NewNetwork(3);
        var metadata = reloaded.LoadWeights(files.Model, "espcn");
        Assert.That(metadata.Psnr, Is.Empty, "psnr.<dataset> means the protocol's score");
        Assert.That(metadata.TrainingRecipe, Does.Contain("LR by bicubic downscale -> gaussian noise sigma 8;"));
    }

    [Test]
    public void ValidationKeepsTheBestModelAndWritesTheCurves()
    {
        var validation = TestImages.WriteFolder(_folder, "Val", 2, 24, 24);
        var files = TrainingFiles.Beside(Path.Combine(_folder, "espcn_x2.safetensors"));
        using var network = NewNetwork(2);
        var result = new Trainer(network, Sampler.Value, Options(6) with { ValidationFolder = validation, ValidateEvery = 2, LogEvery = 3, Files = files, LearningRate = 3e-3 }).Train();
        var psnrs = result.Curve.Where(p => p.ValidationPsnr is not null).ToArray();
        Assert.That(psnrs.Select(p => p.Iteration), Is.EqualTo(new long[] { 2, 4, 6 }));
        Assert.That(result.Curve.Select(p => p.Iteration), Is.EqualTo(new long[] { 2, 3, 4, 6 }));
        Assert.That(result.BestPsnr, Is.EqualTo(psnrs.Max(p => p.ValidationPsnr)));
        Assert.That(result.BestIteration, Is.EqualTo(psnrs.MaxBy(p => p.ValidationPsnr)!.Iteration));

        // The model file holds the best network: scoring it again gives the best PSNR, which its metadata records.
        using var reloaded = NewNetwork(3);
        var metadata = reloaded.LoadWeights(files.Model, "espcn");
        Assert.That(metadata.Psnr, Is.EqualTo(new Dictionary<string, double> { ["Val"] = result.BestPsnr!.Value }));
        Assert.That(metadata.TrainingRecipe, Does.Contain("batch").And.EndWith($"saved at iteration {result.BestIteration}"));
        var rescored = new Trainer(reloaded, Sampler.Value, Options(1) with { ValidationFolder = validation }).ValidationPsnr();
        Assert.That(rescored, Is.EqualTo(result.BestPsnr!.Value).Within(1e-9));

        var csv = File.ReadAllLines(files.CurveCsv);
        Assert.That(csv[0], Is.EqualTo("iteration,loss,lr,val_psnr"));
        Assert.That(csv, Has.Length.EqualTo(5));
        Assert.That(csv[2], Does.StartWith("3,").And.EndWith(","), "no validation at iteration 3");
        Assert.That(File.Exists(files.CurvePlot));
    }

    [Test]
    public void TheRunsFolderIsMadeWhenMissing()
    {
        // Validation saves the model before the first checkpoint would make the folder.
        var validation = TestImages.WriteFolder(_folder, "Val", 1, 24, 24);
        var files = TrainingFiles.Beside(Path.Combine(_folder, "runs", "x2", "espcn_x2.safetensors"));
        using var network = NewNetwork(1);
        new Trainer(network, Sampler.Value, Options(2) with { Files = files, ValidationFolder = validation, ValidateEvery = 1 }).Train();
        Assert.That(new[] { files.Model, files.CurveCsv, files.CurvePlot, files.Checkpoint }, Has.All.Exist);
    }

    [Test]
    public void EveryFilesFolderIsMadeWhenMissing()
    {
        var run = Path.Combine(_folder, "run");
        var curves = Path.Combine(_folder, "curves");
        var files = new TrainingFiles(Path.Combine(run, "model.safetensors"), Path.Combine(run, "state"), Path.Combine(curves, "curve.csv"), Path.Combine(curves, "curve.png"));
        using var network = NewNetwork(1);
        new Trainer(network, Sampler.Value, Options(2) with { Files = files }).Train();
        Assert.That(new[] { files.Model, files.CurveCsv, files.CurvePlot, files.Checkpoint }, Has.All.Exist);
    }

    [Test]
    public void ACheckpointFolderNamedWithATrailingSeparatorIsSavedAndResumed()
    {
        var run = Path.Combine(_folder, "run");
        var files = new TrainingFiles(Path.Combine(run, "model.safetensors"), Path.Combine(run, "state") + Path.DirectorySeparatorChar, Path.Combine(run, "curve.csv"), Path.Combine(run, "curve.png"));
        using var network = NewNetwork(1);
        new Trainer(network, Sampler.Value, Options(2) with { Files = files, CheckpointEvery = 1 }).Train();

        var resumed = new Trainer(network, Sampler.Value, Options(2) with { Files = files, CheckpointEvery = 1 }).Train();
        Assert.That(resumed.ResumedFrom, Is.EqualTo(2));
        Assert.That(Directory.GetDirectories(run).Select(Path.GetFileName), Is.EqualTo(new[] { "state" }));
    }

    [Test]
    public void TheTimeBudgetStopsTrainingEarly()
    {
        using var network = NewNetwork(1);
        var result = new Trainer(network, Sampler.Value, Options(1_000_000) with { TimeBudget = TimeSpan.Zero }).Train();
        Assert.That((result.Stop, result.Iteration), Is.EqualTo((TrainingStop.TimeBudget, 0L)));
    }

    [Test]
    public void AdjustableClippingBoundsEachSgdStepByTheta()
    {
        // Plain SGD moves each value by lr x gradient, and VDSR's clipping bounds the gradient by theta / lr.
        const double theta = 1e-5;
        using var network = NewNetwork(4);
        var before = Snapshot(network);
        new Trainer(network, Sampler.Value, Options(1) with { Optimizer = TrainingOptimizer.Sgd, Momentum = 0, LearningRate = 0.1, AdjustableClip = theta }).Train();
        var steps = Snapshot(network).Zip(before, (a, b) => Math.Abs(a - b)).ToArray();
        Assert.That(steps.Max(), Is.LessThanOrEqualTo(theta * 1.01));
        Assert.That(steps.Max(), Is.GreaterThan(theta * 0.5), "some gradient is large enough to be clipped");
    }

    [Test]
    public void NormClippingBoundsTheSgdStepsNorm()
    {
        const double maxNorm = 1e-3, learningRate = 0.1;
        using var network = NewNetwork(4);
        var before = Snapshot(network);
        new Trainer(network, Sampler.Value, Options(1) with { Optimizer = TrainingOptimizer.Sgd, Momentum = 0, LearningRate = learningRate, ClipNorm = maxNorm }).Train();
        var norm = Math.Sqrt(Snapshot(network).Zip(before, (a, b) => (a - b) * (a - b)).Sum());
        Assert.That(norm, Is.EqualTo(learningRate * maxNorm).Within(learningRate * maxNorm * 0.01), "the unclipped gradient is far larger, so it is scaled to the bound");
    }

    [Test]
    public void ADivergingRunStopsWithAClearError()
    {
        // Plain SGD at a rate of 1e6 overshoots further every step until the loss overflows. Before the check,
        // such a run went on with NaN weights and then failed to write its checkpoint (NaN is not JSON).
        var files = TrainingFiles.Beside(Path.Combine(_folder, "diverged.safetensors"));
        using var network = NewNetwork(2);
        var trainer = new Trainer(network, Sampler.Value, Options(1_000) with { Optimizer = TrainingOptimizer.Sgd, Momentum = 0, LearningRate = 1e6, Loss = PixelLoss.Mse, Files = files, CheckpointEvery = 1 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Train());
        Assert.That(error!.Message, Does.Contain($"the loss of iteration {error.Iteration} is").And.Contain("diverged"));
        Assert.That(double.IsFinite(error.Loss), Is.False);
        Assert.That(error.Iteration, Is.GreaterThan(1).And.LessThan(1_000));
    }

    [Test]
    public void FilesWithoutAnArchitectureNameAreRefused()
    {
        using var network = NewNetwork(1);
        var options = Options(1) with { Files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors")), Architecture = null };
        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, Sampler.Value, options));
        Assert.That(error!.Message, Does.Contain("Architecture"));
    }

    [Test]
    public void StepScheduleMultipliesByGammaEveryInterval()
    {
        using var network = NewNetwork(1);
        var trainer = new Trainer(network, Sampler.Value, Options(100) with { LearningRate = 0.1, StepEvery = 10, StepGamma = 0.5 });
        Assert.That(new[] { 0L, 9, 10, 25 }.Select(trainer.LearningRateAt), Is.EqualTo(new[] { 0.1, 0.1, 0.05, 0.025 }).Within(1e-15));
    }

    [Test]
    public void CosineScheduleFallsFromTheRateToTheMinimum()
    {
        using var network = NewNetwork(1);
        var trainer = new Trainer(network, Sampler.Value, Options(100) with { LearningRate = 0.1, MinimumLearningRate = 0.02, Schedule = LearningRateSchedule.Cosine });
        Assert.That(new[] { 0L, 50, 100 }.Select(trainer.LearningRateAt), Is.EqualTo(new[] { 0.1, 0.06, 0.02 }).Within(1e-12));
        Assert.That(trainer.LearningRateAt(25), Is.EqualTo(0.02 + (0.04 * (1 + Math.Sqrt(0.5)))).Within(1e-12));
    }

    [Test]
    public void ASamplerOfTheWrongColourIsRefused()
    {
        var dataset = PairDataset.Create([TestImages.Pattern(40, 40, 1)], new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Rgb });
        using var network = NewNetwork(1);
        Assert.Throws<ArgumentException>(() => new Trainer(network, new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8 })));
    }

    [Test]
    public void ALossBorderThatLeavesNothingOfTheTargetsIsRefused()
    {
        // The sampler's 8-pixel LR patches make 16-pixel targets at x2.
        using var network = NewNetwork(1);
        Assert.DoesNotThrow(() => new Trainer(network, Sampler.Value, Options(1) with { LossBorder = 7 }));
        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, Sampler.Value, Options(1) with { LossBorder = 8 }));
        Assert.That(error!.Message, Does.Contain("loss border of 8 pixels leaves nothing of the 16-pixel target"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, Sampler.Value, Options(1) with { LossBorder = -1 }));
    }

    [Test]
    public void TheLossBorderReachesTheLossTheTrainerMinimises()
    {
        // Same weights, same first batch: only the pixels the loss counts differ, so the first losses must too.
        double FirstLoss(int border)
        {
            using var network = NewNetwork(2);
            return new Trainer(network, Sampler.Value, Options(1) with { LossBorder = border }).Train().Curve[0].Loss;
        }

        Assert.That(FirstLoss(4), Is.Not.EqualTo(FirstLoss(0)).Within(1e-9));
        Assert.That(FirstLoss(0), Is.EqualTo(FirstLoss(0)), "the first batch and weights are reproducible");
    }

    // Tiny ESPCN x2 reads 4 LR pixels on each side: 8 output pixels of its 24-pixel targets (12-pixel patches).
    [TestCase(8, BorderPadding.Mirror)]
    [TestCase(7, BorderPadding.Zero)]
    [TestCase(0, BorderPadding.Zero)]
    public void AModelTrainedWithTheFullLossBorderIsRecordedAsPaddingFree(int lossBorder, BorderPadding expected)
    {
        var images = Enumerable.Range(0, 2).Select(i => TestImages.Pattern(40, 36, i)).ToArray();
        var sampler = new PatchSampler(PairDataset.Create(images, new PairDatasetOptions { Scales = [2], ColorMode = ColorMode.Y }), new PatchSamplerOptions { PatchSize = 12, BatchSize = 2, Seed = 4 });
        var files = TrainingFiles.Beside(Path.Combine(_folder, "run.safetensors"));
        using var network = NewNetwork(1);

        var trainer = new Trainer(network, sampler, Options(1) with { LossBorder = lossBorder, Files = files });
        trainer.Train();

        Assert.That(trainer.BorderPadding, Is.EqualTo(expected));
        using var file = File.OpenRead(files.Model);
        Assert.That(ModelWeights.ReadMetadata(file).BorderPadding, Is.EqualTo(expected));
    }

    [Test]
    public void AMultiScaleRunSavesOneFileThatLoadsAtEachOfItsScalesOnly()
    {
        var tiny = new VdsrOptions { Depth = 3, Features = 4 };
        var images = Enumerable.Range(0, 2).Select(i => TestImages.Pattern(48, 48, i)).ToArray();
        var dataset = PairDataset.Create(images, new PairDatasetOptions { Scales = [2, 3, 4], PreUpsampled = true });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 12, BatchSize = 2, Seed = 4 });
        var files = TrainingFiles.Beside(Path.Combine(_folder, "vdsr.safetensors"));
        torch.manual_seed(1);
        using var network = new Vdsr(2, tiny);

        new Trainer(network, sampler, Options(2) with { Architecture = "vdsr", Files = files }).Train();

        using var atFour = new Vdsr(4, tiny);
        var metadata = atFour.LoadWeights(files.Model, "vdsr");
        Assert.That((metadata.Scale, metadata.Scales), Is.EqualTo((2, new[] { 2, 3, 4 })));
        Assert.That(Snapshot(atFour), Is.EqualTo(Snapshot(network)));
        using var atFive = new Vdsr(5, tiny);
        var error = Assert.Throws<InvalidWeightsException>(() => atFive.LoadWeights(files.Model, "vdsr"));
        Assert.That(error!.Message, Does.Contain("vdsr x2, x3, x4, but the network is vdsr x5"));
    }

    [Test]
    public void PairsWhoseFirstScaleIsNotTheNetworksAreRefused()
    {
        var dataset = PairDataset.Create([TestImages.Pattern(24, 24, 1)], new PairDatasetOptions { Scales = [2, 3], PreUpsampled = true });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 12, BatchSize = 2, Seed = 4 });
        using var network = new Vdsr(3, new VdsrOptions { Depth = 3, Features = 4 });

        var error = Assert.Throws<ArgumentException>(() => new Trainer(network, sampler, Options(1) with { Architecture = "vdsr" }));

        Assert.That(error!.Message, Does.Contain("the first scale of its training pairs must be x3, not x2, x3"));
    }

    // Inside the padding-free border a patch's output equals the output of the same pixels inside a larger image;
    // one pixel further out it does not (for SRCNN, whose radius is exact), so the border is neither too small nor loose there.
    [TestCase("srcnn", 3, 8)]
    [TestCase("espcn", 3, 12)]
    [TestCase("fsrcnn", 2, 16)]
    public void ThePaddingFreeBorderIsWhereAPatchStopsSeeingItsZeroPadding(string model, int scale, int expectedBorder)
    {
        torch.manual_seed(3);
        using var network = ModelCatalog.Get(model).Create(scale);
        var border = Trainer.PaddingFreeBorder(network);
        Assert.That(border, Is.EqualTo(expectedBorder));

        // An input patch (36 pre-upsampled pixels, or 20 LR pixels) cut from the middle of a random image 3 times as wide.
        var patch = network.PreUpsampled ? 12 * scale : 20;
        using var scope = torch.NewDisposeScope();
        using var noGradient = torch.no_grad();
        var image = torch.rand(1, 1, 3 * patch, 3 * patch);
        var cut = image[.., .., patch..(2 * patch), patch..(2 * patch)];
        var whole = network.call(image);
        var alone = network.call(cut);
        var outPatch = alone.shape[2];
        var inside = whole.narrow(2, outPatch, outPatch).narrow(3, outPatch, outPatch);
        var centre = (torch.Tensor t, int b) => t.narrow(2, b, outPatch - (2 * b)).narrow(3, b, outPatch - (2 * b));
        Assert.That(centre(alone, border).allclose(centre(inside, border), rtol: 0, atol: 1e-5), Is.True, "inside the border the patch sees no padding");
        Assert.That(alone.allclose(inside, rtol: 0, atol: 1e-5), Is.False, "the patch's own border does see it");
        if (model == "srcnn")
        {
            Assert.That(centre(alone, border - 1).allclose(centre(inside, border - 1), rtol: 0, atol: 1e-5), Is.False, "one pixel further out it does too");
        }
    }

    private static TrainerOptions Options(long iterations) =>
        new() { Iterations = iterations, LearningRate = 1e-3, LogEvery = 1, Threads = 1, Device = ComputeDevice.Cpu, Architecture = "espcn" };

    private static Espcn NewNetwork(int seed)
    {
        torch.manual_seed(seed);
        return new Espcn(2, Tiny);
    }

    private static double[] Snapshot(SuperResolutionNetwork network) =>
        network.parameters().SelectMany(p => p.detach().data<float>().ToArray()).Select(v => (double)v).ToArray();

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
