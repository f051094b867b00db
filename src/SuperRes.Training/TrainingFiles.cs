namespace SuperRes.Training;

/// <summary>The files of one training run, all beside the model file.</summary>
/// <param name="Model">The model: the best network by validation PSNR, or the last one without validation or in adversarial or perceptual training (<see cref="Trainer.KeepsBestPsnr"/>), as safetensors with metadata (architecture, scale, colour mode, recipe, validation PSNR).</param>
/// <param name="Checkpoint">The folder holding the resumable state.</param>
/// <param name="CurveCsv">The training curve: iteration, loss, lr, validation PSNR.</param>
/// <param name="CurvePlot">The training curve as a PNG.</param>
public sealed record TrainingFiles(string Model, string Checkpoint, string CurveCsv, string CurvePlot)
{
    /// <summary>Gets the files of a run whose model is <paramref name="modelPath"/>: for <c>espcn_x3.safetensors</c>, <c>espcn_x3.checkpoint/</c>, <c>espcn_x3.curve.csv</c> and <c>espcn_x3.curve.png</c>.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <returns>The files.</returns>
    public static TrainingFiles Beside(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var full = Path.GetFullPath(modelPath);
        var stem = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
        return new TrainingFiles(full, stem + ".checkpoint", stem + ".curve.csv", stem + ".curve.png");
    }

    /// <summary>Makes the folder of every file that is missing, so that one that cannot be made fails before the first step, not at the first save.</summary>
    internal void CreateFolders()
    {
        foreach (var path in new[] { Model, Checkpoint, CurveCsv, CurvePlot })
        {
            // Full first: a bare file name has no folder part, and Directory.CreateDirectory("") throws.
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
    }
}
