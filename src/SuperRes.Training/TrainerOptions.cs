using SuperRes.Models;

namespace SuperRes.Training;

/// <summary>How <see cref="Trainer"/> trains: optimisation, schedule, clipping, validation, checkpoints and budget.</summary>
/// <remarks>
/// The network's initial weights are the caller's: call <c>torch.manual_seed</c> before building it for a
/// reproducible start. Batches depend only on the sampler's seed and the iteration.
/// </remarks>
public sealed record TrainerOptions
{
    /// <summary>Gets the number of iterations (optimiser steps) of the whole training. Default 100000.</summary>
    public long Iterations { get; init; } = 100_000;

    /// <summary>Gets the pixel loss. Default <see cref="PixelLoss.L1"/>.</summary>
    public PixelLoss Loss { get; init; } = PixelLoss.L1;

    /// <summary>
    /// Gets how many target pixels at each side of every patch the pixel loss leaves out. Default 0. The networks
    /// zero-pad each convolution, so a patch's outer pixels are computed partly from padding, which a whole image
    /// has only at its borders; <see cref="Trainer.PaddingFreeBorder"/> is the width that leaves only pixels
    /// computed from real input, as the papers' unpadded convolutions did (SRCNN: 33-pixel inputs, 21-pixel outputs).
    /// </summary>
    public int LossBorder { get; init; }

    /// <summary>Gets the optimiser. Default <see cref="TrainingOptimizer.Adam"/>.</summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.Adam;

    /// <summary>Gets the initial learning rate. Default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Gets the SGD momentum (VDSR's 0.9). Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Gets the L2 weight decay (VDSR's 1e-4). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Gets the schedule. Default <see cref="LearningRateSchedule.Step"/>.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Step;

    /// <summary>Gets the step schedule's interval, or null for half of <see cref="Iterations"/>.</summary>
    public long? StepEvery { get; init; }

    /// <summary>Gets the step schedule's factor. Default 0.5.</summary>
    public double StepGamma { get; init; } = 0.5;

    /// <summary>Gets the cosine schedule's final rate. Default 0.</summary>
    public double MinimumLearningRate { get; init; }

    /// <summary>Gets the largest gradient norm (all parameters together), or null for no norm clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// Gets theta of VDSR's adjustable gradient clipping, which clips each gradient value to [-theta / lr, theta / lr]
    /// for the current learning rate lr (Kim et al., CVPR 2016), or null for none.
    /// </summary>
    public double? AdjustableClip { get; init; }

    /// <summary>Gets the weight of the adversarial loss when a discriminator is given (SRGAN's 1e-3).</summary>
    public double AdversarialWeight { get; init; } = 1e-3;

    /// <summary>
    /// Gets the weight of the perceptual loss when one is given. Default 0.006: SRGAN scales the VGG feature maps
    /// by 1/12.75, which is 1/12.75² ≈ 0.006 on their squared difference.
    /// </summary>
    public double PerceptualWeight { get; init; } = 0.006;

    /// <summary>Gets a dataset folder to validate on (for example Set5), or null for no validation. Never train on it.</summary>
    public string? ValidationFolder { get; init; }

    /// <summary>Gets the interval of validation, in iterations. Default 1000.</summary>
    public long ValidateEvery { get; init; } = 1000;

    /// <summary>Gets the interval at which a curve point (mean loss, learning rate) is recorded and progress reported. Default 100.</summary>
    public long LogEvery { get; init; } = 100;

    /// <summary>Gets where the run's files go (checkpoint, model, curves), or null to write nothing. Their folders are made, if missing, before the first step.</summary>
    public TrainingFiles? Files { get; init; }

    /// <summary>
    /// Gets the catalog name of the network (e.g. <c>espcn</c>), written into the model file's metadata so that
    /// <c>SuperResolvers.Create(name, scale, path)</c> loads it. Required when <see cref="Files"/> is set.
    /// </summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// Gets how the weights the run starts from were made (a warm-start file's recipe), or null for fresh weights.
    /// The saved model's recipe ends with it, so that a chain of fine-tunes stays traceable to its first run.
    /// </summary>
    public string? StartingRecipe { get; init; }

    /// <summary>Gets the checkpoint interval, in iterations. Default 1000.</summary>
    public long CheckpointEvery { get; init; } = 1000;

    /// <summary>Gets the wall-clock budget of this call to <see cref="Trainer.Train"/>, or null for none. A checkpoint is written when it runs out.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Gets the number of LibTorch CPU threads (process-wide), or null to leave LibTorch's setting.</summary>
    public int? Threads { get; init; }

    /// <summary>Gets where the network trains. Default <see cref="ComputeDevice.Auto"/>.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>Gets how many batches the background loader may prepare ahead. Default 8.</summary>
    public int PrefetchBatches { get; init; } = 8;
}
