namespace SuperRes.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Train"/> when the loss of a step is NaN or infinite. That step's update is not
/// applied, and the model file keeps the weights it held before it (see <see cref="Trainer.KeepsBestPsnr"/>).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="iteration">The iteration whose loss was not finite, counted from 1.</param>
    /// <param name="loss">That loss.</param>
    /// <param name="learningRate">The learning rate of that step.</param>
    public TrainingDivergedException(long iteration, double loss, double learningRate)
        : base(FormattableString.Invariant($"The training diverged: the loss of iteration {iteration} is {loss} (learning rate {learningRate:G3}). That step was not applied. The checkpoint belongs to these settings, so start a new run, warm-started from the best model so far, with a lower learning rate or clipped gradients (TrainerOptions.ClipNorm or AdjustableClip; train's --clip-norm or --adjustable-clip)."))
    {
        Iteration = iteration;
        Loss = loss;
    }

    /// <summary>Gets the iteration whose loss was not finite, counted from 1.</summary>
    public long Iteration { get; }

    /// <summary>Gets that loss: NaN or an infinity.</summary>
    public double Loss { get; }
}
