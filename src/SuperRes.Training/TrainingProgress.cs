namespace SuperRes.Training;

/// <summary>Where a training stands.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Iterations">Iterations of the whole training.</param>
/// <param name="Loss">The mean loss since the previous report.</param>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="IterationsPerSecond">The speed since this call started.</param>
/// <param name="ValidationPsnr">The latest validation PSNR in dB, or null before the first validation.</param>
/// <param name="BestValidationPsnr">The best validation PSNR so far, or null.</param>
/// <param name="Remaining">The estimated time to the end (the iterations left, or the time budget if it ends sooner).</param>
public sealed record TrainingProgress(long Iteration, long Iterations, double Loss, double LearningRate, double IterationsPerSecond, double? ValidationPsnr, double? BestValidationPsnr, TimeSpan Remaining);
