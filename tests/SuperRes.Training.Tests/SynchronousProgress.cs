namespace SuperRes.Training.Tests;

/// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so a test can act at an exact iteration.</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
