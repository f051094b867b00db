namespace SuperRes.Training;

/// <summary>The optimiser.</summary>
public enum TrainingOptimizer
{
    /// <summary>Adam with betas (0.9, 0.999), eps 1e-8: the default of EDSR, SRResNet, ESPCN re-implementations.</summary>
    Adam,

    /// <summary>SGD with <see cref="TrainerOptions.Momentum"/> (VDSR and SRCNN).</summary>
    Sgd,
}
