namespace SuperRes.Training;

/// <summary>How the learning rate changes over the iterations.</summary>
public enum LearningRateSchedule
{
    /// <summary>Multiply by <see cref="TrainerOptions.StepGamma"/> every <see cref="TrainerOptions.StepEvery"/> iterations (EDSR halves it every 2e5).</summary>
    Step,

    /// <summary>Cosine annealing from the initial rate to <see cref="TrainerOptions.MinimumLearningRate"/> over all iterations.</summary>
    Cosine,
}
