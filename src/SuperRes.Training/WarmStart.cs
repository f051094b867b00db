using TorchSharp;
using SuperRes.Models;
using SuperRes.Models.Weights;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>Which entries a warm start copied.</summary>
/// <param name="Copied">Names of the parameters and buffers copied (same name, same shape).</param>
/// <param name="Skipped">Names of the target's entries left as they were (absent from the source or of another shape).</param>
public sealed record WarmStartReport(IReadOnlyList<string> Copied, IReadOnlyList<string> Skipped);

/// <summary>
/// Starts a training from another model's weights: every parameter and buffer whose name and shape match is
/// copied. Between networks of different scales the upsampler (<c>upsample.*</c>, BasicSR's name in EDSR and
/// SRResNet) stays fresh even where shapes agree (the first x2 stage of an x4 upsampler), as EDSR starts its x3
/// and x4 models from the x2 model's body.
/// </summary>
public static class WarmStart
{
    private const string UpsamplerPrefix = "upsample.";

    /// <summary>Copies the entries of <paramref name="source"/>'s state into <paramref name="target"/> where name and shape match.</summary>
    /// <param name="source">The trained model.</param>
    /// <param name="target">The model about to train.</param>
    /// <returns>What was copied and what was not.</returns>
    public static WarmStartReport CopyMatching(nn.Module source, nn.Module target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        using var noGrad = torch.no_grad();
        var freshUpsampler = source is SuperResolutionNetwork s && target is SuperResolutionNetwork t && s.Scale != t.Scale;
        var from = source.state_dict();
        var copied = new List<string>();
        var skipped = new List<string>();
        foreach (var (name, tensor) in target.state_dict())
        {
            var keep = freshUpsampler && name.StartsWith(UpsamplerPrefix, StringComparison.Ordinal);
            if (!keep && from.TryGetValue(name, out var value) && value.shape.SequenceEqual(tensor.shape))
            {
                tensor.copy_(value);
                copied.Add(name);
            }
            else
            {
                skipped.Add(name);
            }
        }

        return new WarmStartReport(copied, skipped);
    }

    /// <summary>
    /// Loads a model file of the catalog model <paramref name="model"/> (our safetensors, as a <see cref="Trainer"/>
    /// writes it or <c>ModelWeights.SaveWeights</c> saves it) at whichever scale it was saved for, and copies the
    /// matching entries into <paramref name="target"/>.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="model">The catalog entry the file was trained as (its scale may differ from the target's).</param>
    /// <param name="target">The model about to train.</param>
    /// <returns>What was copied and what was not.</returns>
    /// <exception cref="InvalidWeightsException">The file is not a saved <paramref name="model"/> at any of its scales.</exception>
    public static WarmStartReport FromFile(string path, ModelInfo model, nn.Module target)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Warm-start file '{path}' does not exist.", path);
        }

        var problems = new List<string>();
        foreach (var scale in model.Scales)
        {
            using var source = model.Create(scale);
            try
            {
                source.LoadWeights(path, model.Name);
            }
            catch (InvalidWeightsException e)
            {
                problems.Add($"x{scale}: {e.Message}");
                continue;
            }

            return CopyMatching(source, target);
        }

        throw new InvalidWeightsException($"'{path}' is not a saved {model.Name} at any of x{string.Join(", x", model.Scales)} ({string.Join(" ", problems.Distinct())}).");
    }
}
