using System.Globalization;
using SuperRes.Models;
using SuperRes.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Training;

/// <summary>
/// Averages the weights of several trainings of one network, tensor by tensor: a "model soup" (Wortsman et al.,
/// ICML 2022). Fine-tunes warm-started from one file stay near it, and their mean often scores above each of them.
/// Sums run in float64 on the CPU and are rounded to float32 once, so the result does not depend on the device.
/// </summary>
public static class WeightAveraging
{
    /// <summary>
    /// Sets every floating-point parameter and buffer of <paramref name="target"/> to the weighted mean of the same
    /// entry in <paramref name="sources"/>. Integer buffers (batch-norm counters) are left as they are.
    /// </summary>
    /// <param name="target">The module to overwrite; it may be one of the sources.</param>
    /// <param name="sources">Modules with the target's entries (same names, same shapes).</param>
    /// <param name="weights">One non-negative weight per source, not all zero, normalised to sum 1; null for equal weights.</param>
    /// <exception cref="ArgumentException">No sources, a source of another layout, or unusable weights.</exception>
    public static void AverageInto(nn.Module target, IReadOnlyList<nn.Module> sources, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        var shares = Shares(weights, sources.Count);
        using var sum = new WeightedSum(target);
        for (var i = 0; i < sources.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(sources[i], $"{nameof(sources)}[{i}]");
            sum.Add(sources[i], shares[i], $"Source {i}");
        }

        sum.CopyTo(target);
    }

    /// <summary>
    /// Averages model files of one catalog network at one scale (as a <see cref="Trainer"/> writes them or
    /// <c>ModelWeights.SaveWeights</c> saves them) into a new model file, which replaces <paramref name="output"/>
    /// only once complete. Its recipe names the weights and each input file with its own recipe; it carries no
    /// PSNR, since the mean was not measured (measure it with the CLI's <c>eval --weights</c>). Its border padding is
    /// <see cref="BorderPadding.Mirror"/> only when every input's is.
    /// </summary>
    /// <param name="inputs">The model files; each is loaded strictly, as for inference.</param>
    /// <param name="output">The model file to write; it may be one of the inputs.</param>
    /// <param name="weights">One non-negative weight per file, not all zero, normalised to sum 1; null for equal weights.</param>
    /// <returns>The metadata written with the average.</returns>
    /// <exception cref="InvalidWeightsException">A file is invalid, or is not the same network, scale and variant as the first.</exception>
    /// <exception cref="ArgumentException">No inputs, or unusable weights.</exception>
    public static WeightsMetadata AverageFiles(IReadOnlyList<string> inputs, string output, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var shares = Shares(weights, inputs.Count);
        foreach (var input in inputs)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(input, nameof(inputs));
        }

        var first = ReadMetadata(inputs[0]);
        ModelInfo model;
        try
        {
            model = ModelCatalog.Get(first.Architecture);
        }
        catch (ArgumentException e)
        {
            throw new InvalidWeightsException($"'{inputs[0]}' holds weights for '{first.Architecture}', which is not a catalog model. {e.Message}", e);
        }

        if (!model.Scales.Contains(first.Scale))
        {
            throw new InvalidWeightsException($"'{inputs[0]}' holds {model.Name} weights for x{first.Scale}, a scale {model.Name} does not have (x{string.Join(", x", model.Scales)}).");
        }

        using var network = model.Create(first.Scale);
        using var loaded = model.Create(first.Scale);
        using var sum = new WeightedSum(network);
        var recipes = new List<string>(inputs.Count);
        var allMirrored = true;
        for (var i = 0; i < inputs.Count; i++)
        {
            WeightsMetadata metadata;
            try
            {
                metadata = loaded.LoadWeights(inputs[i], model.Name);
            }
            catch (InvalidWeightsException e)
            {
                throw new InvalidWeightsException($"'{inputs[i]}' cannot be averaged with '{inputs[0]}': {e.Message}", e);
            }

            if (metadata.Variant != first.Variant)
            {
                throw new InvalidWeightsException($"'{inputs[i]}' is variant '{metadata.Variant ?? "default"}' but '{inputs[0]}' is '{first.Variant ?? "default"}'; only one variant can be averaged.");
            }

            if (!metadata.Scales.SequenceEqual(first.Scales))
            {
                throw new InvalidWeightsException($"'{inputs[i]}' serves x{string.Join(", x", metadata.Scales)} but '{inputs[0]}' x{string.Join(", x", first.Scales)}; only files of the same scales can be averaged.");
            }

            allMirrored &= metadata.BorderPadding == BorderPadding.Mirror;
            sum.Add(loaded, shares[i], $"'{inputs[i]}'");
            recipes.Add(string.Create(CultureInfo.InvariantCulture, $"File {i + 1}, {Path.GetFileName(inputs[i])}, weight {shares[i]:0.####}: {(metadata.TrainingRecipe ?? "no recipe recorded").TrimEnd('.')}."));
        }

        sum.CopyTo(network);
        var result = new WeightsMetadata(model.Name, first.Scale, first.ColorMode)
        {
            Scales = first.Scales,
            Variant = first.Variant,

            // A parent that learned what zeros at an edge mean passes that on; only padding-free parents make a padding-free mean.
            BorderPadding = allMirrored ? BorderPadding.Mirror : BorderPadding.Zero,
            TrainingRecipe = $"Weight average (tensor by tensor, float64 sums) of {inputs.Count} files of {model.Name} x{first.Scale}. {string.Join(" ", recipes)}",
        };
        network.SaveWeights(output, result);
        return result;
    }

    private static WeightsMetadata ReadMetadata(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return ModelWeights.ReadMetadata(stream);
        }
        catch (InvalidWeightsException e)
        {
            throw new InvalidWeightsException($"'{path}': {e.Message}", e);
        }
    }

    private static double[] Shares(IReadOnlyList<double>? weights, int count)
    {
        if (count == 0)
        {
            throw new ArgumentException("Averaging needs at least one model.");
        }

        if (weights is null)
        {
            return Enumerable.Repeat(1.0 / count, count).ToArray();
        }

        if (weights.Count != count)
        {
            throw new ArgumentException($"{count} models but {weights.Count} weight{(weights.Count == 1 ? "" : "s")}: give one weight per model.", nameof(weights));
        }

        if (weights.Any(w => !double.IsFinite(w) || w < 0))
        {
            throw new ArgumentException($"Weights must be finite and non-negative; got {string.Join(", ", weights.Select(w => w.ToString(CultureInfo.InvariantCulture)))}.", nameof(weights));
        }

        // Dividing by the largest first keeps the sum finite for weights near double.MaxValue.
        var largest = weights.Max();
        if (largest == 0)
        {
            throw new ArgumentException("The weights are all zero; at least one must be positive.", nameof(weights));
        }

        var relative = weights.Select(w => w / largest).ToArray();
        var total = relative.Sum();
        return relative.Select(w => w / total).ToArray();
    }

    /// <summary>Float64 running sums of a module's floating-point state, entry by entry, on the CPU.</summary>
    private sealed class WeightedSum : IDisposable
    {
        private readonly Dictionary<string, Tensor> _sums;

        public WeightedSum(nn.Module layout)
        {
            _sums = layout.state_dict()
                .Where(pair => pair.Value.is_floating_point())
                .ToDictionary(pair => pair.Key, pair => torch.zeros(pair.Value.shape, ScalarType.Float64).DetachFromDisposeScope());
        }

        public void Add(nn.Module module, double share, string name)
        {
            var state = module.state_dict().Where(pair => pair.Value.is_floating_point()).ToDictionary();
            var problems = _sums.Keys.Where(key => !state.ContainsKey(key)).Select(key => $"{key} is missing")
                .Concat(state.Keys.Where(key => !_sums.ContainsKey(key)).Select(key => $"{key} is extra"))
                .Concat(_sums.Where(pair => state.TryGetValue(pair.Key, out var value) && !value.shape.SequenceEqual(pair.Value.shape))
                    .Select(pair => $"{pair.Key} has shape {string.Join('x', state[pair.Key].shape)}, not {string.Join('x', pair.Value.shape)}"))
                .ToList();
            if (problems.Count > 0)
            {
                throw new ArgumentException($"{name} does not have the layout of the models it is averaged with: {string.Join("; ", problems)}.");
            }

            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();

            // A using local keeps the Scalar alive through the native calls (see RootedScalars in SuperRes.Core).
            using var alpha = share.ToScalar();
            foreach (var (key, sum) in _sums)
            {
                sum.add_(state[key].detach().cpu().to(ScalarType.Float64), alpha);
            }
        }

        public void CopyTo(nn.Module module)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var state = module.state_dict();
            foreach (var (key, sum) in _sums)
            {
                state[key].copy_(sum.to(state[key].dtype));
            }
        }

        public void Dispose()
        {
            foreach (var sum in _sums.Values)
            {
                sum.Dispose();
            }
        }
    }
}
