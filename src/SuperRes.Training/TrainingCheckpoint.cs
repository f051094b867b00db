using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>What a checkpoint remembers besides the network and the optimiser.</summary>
/// <param name="Run">A description of the run's settings; a checkpoint resumes only the same run.</param>
/// <param name="Iteration">Iterations done.</param>
/// <param name="BestPsnr">The best validation PSNR so far, or null.</param>
/// <param name="BestIteration">The iteration of <paramref name="BestPsnr"/>.</param>
/// <param name="Curve">The curve so far.</param>
/// <param name="OpenLossSum">The summed loss of the iterations after the curve's last point.</param>
/// <param name="OpenLossCount">How many iterations that sum holds.</param>
internal sealed record TrainingState(string Run, long Iteration, double? BestPsnr, long BestIteration, IReadOnlyList<CurvePoint> Curve, double OpenLossSum = 0, int OpenLossCount = 0);

/// <summary>A trained module and its optimiser, saved as <c>{Name}.pt</c> and <c>{Name}.optimizer.safetensors</c>.</summary>
/// <param name="Name">The file stem: <c>network</c>, <c>discriminator</c>.</param>
/// <param name="Module">The module.</param>
/// <param name="Optimizer">Its optimiser.</param>
internal sealed record CheckpointPart(string Name, nn.Module Module, ParameterOptimizer Optimizer);

/// <summary>
/// Saves and restores everything a resumed training needs, in one folder: each module (TorchSharp
/// <c>module.save</c>), its optimiser's state (<see cref="ParameterOptimizer.Save"/>) and <see cref="TrainingState"/> as JSON.
/// Batches need no state: they are a function of the seed and the iteration. Checkpoints are this library's
/// private resume state; the model file a run delivers is safetensors with metadata (see <see cref="Trainer"/>).
/// </summary>
internal static class TrainingCheckpoint
{
    private const string StateFile = "state.json";
    private const string OptimizerSuffix = ".optimizer.safetensors";

    // A validation image reproduced exactly scores +infinity, which plain JSON numbers cannot hold.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the checkpoint to a fresh folder and swaps it in, so a kill mid-write leaves the previous one usable.</summary>
    public static void Save(string folder, TrainingState state, IEnumerable<CheckpointPart> parts)
    {
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var fresh = folder + ".new";
        var previous = folder + ".old";

        // After a kill between the two moves below, the previous checkpoint is the only one; it must not be deleted
        // before its successor is in place.
        if (!Directory.Exists(folder) && Directory.Exists(previous))
        {
            Directory.Move(previous, folder);
        }

        DeleteIfPresent(fresh);
        Directory.CreateDirectory(fresh);
        foreach (var part in parts)
        {
            part.Module.save(Path.Combine(fresh, part.Name + ".pt"));
            part.Optimizer.Save(Path.Combine(fresh, part.Name + OptimizerSuffix));
        }

        File.WriteAllText(Path.Combine(fresh, StateFile), JsonSerializer.Serialize(state, Json));
        DeleteIfPresent(previous);
        if (Directory.Exists(folder))
        {
            Directory.Move(folder, previous);
        }

        Directory.Move(fresh, folder);
        DeleteIfPresent(previous);
    }

    /// <summary>Restores the modules and optimisers from the checkpoint in <paramref name="folder"/>, if there is one.</summary>
    /// <returns>The saved state, or null when there is no checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The checkpoint belongs to another run.</exception>
    public static TrainingState? Load(string folder, string run, IEnumerable<CheckpointPart> parts)
    {
        // A kill between the two moves of Save leaves only the previous checkpoint, under its old name.
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var source = Directory.Exists(folder) ? folder : folder + ".old";
        var statePath = Path.Combine(source, StateFile);
        if (!File.Exists(statePath))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(statePath), Json)
            ?? throw new InvalidDataException($"'{statePath}' is empty.");
        if (state.Run != run)
        {
            throw new InvalidOperationException(
                $"The checkpoint in '{source}' belongs to another run ({state.Run}), not this one ({run}). Delete it or write this run elsewhere.");
        }

        var files = parts.SelectMany(p => new[] { Path.Combine(source, p.Name + ".pt"), Path.Combine(source, p.Name + OptimizerSuffix) }).ToArray();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new InvalidDataException($"The checkpoint in '{source}' lacks {Path.GetFileName(missing)}; it was written by another kind of run or version. Delete it to start afresh.");
        }

        foreach (var part in parts)
        {
            part.Module.load(Path.Combine(source, part.Name + ".pt"));
            part.Optimizer.Load(Path.Combine(source, part.Name + OptimizerSuffix));
        }

        return state;
    }

    private static void DeleteIfPresent(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
