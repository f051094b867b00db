using SuperRes.Imaging;

namespace SuperRes.Training.Data;

/// <summary>How <see cref="PatchSampler"/> cuts batches.</summary>
public sealed record PatchSamplerOptions
{
    /// <summary>Gets the side of an input patch: LR pixels, or for pre-upsampled networks pixels of the enlarged input (= HR pixels). Default 17.</summary>
    public int PatchSize { get; init; } = 17;

    /// <summary>Gets the number of patches in a batch. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Gets a value indicating whether each patch gets a random <see cref="Dihedral"/> transform. Default true.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// Gets the least standard deviation of an input patch's first plane (in the planes' units, 0 to 1 for 8-bit
    /// images); a flatter patch is drawn again, up to <see cref="PatchSampler.MaximumRedraws"/> times, after which
    /// the last one drawn is kept. Default 0: every patch is kept. A threshold spends the loss on edges and texture
    /// rather than flat regions (sky, walls); whether that helps depends on the network and the test set (MODEL_ZOO.md, forty-sixth round).
    /// </summary>
    public double MinimumDeviation { get; init; }

    /// <summary>Gets the seed: batch n depends on it and n only.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Cuts batches of aligned random patches from a <see cref="PairDataset"/>. Input patch (x, y) of side p is paired
/// with target patch (x s, y s) of side p s, so that input pixel (i, j) stands for target block
/// (i s .. i s + s - 1, j s .. j s + s - 1); for pre-upsampled pairs s is 1. Batch n is a pure function of the
/// seed and n, so batches can be built on any thread, in any order, and a resumed training sees the same ones.
/// </summary>
/// <remarks>
/// Every image is drawn with equal probability (images too small for a patch are never drawn), and each patch
/// location uniformly, unless <see cref="PatchSamplerOptions.MinimumDeviation"/> turns flat ones away. With several
/// scales, pre-upsampled batches mix them patch by patch (all patches have the same size); otherwise each batch
/// draws one scale.
/// </remarks>
public sealed class PatchSampler
{
    /// <summary>The most times one patch is drawn again for being flatter than <see cref="PatchSamplerOptions.MinimumDeviation"/>; bounds the work where a set is mostly flat.</summary>
    public const int MaximumRedraws = 16;

    private readonly Dictionary<int, int[]> _eligible = [];

    /// <summary>Initialises the sampler.</summary>
    /// <param name="dataset">The pairs.</param>
    /// <param name="options">Patch and batch sizes, augmentation, seed.</param>
    /// <exception cref="ArgumentException">No image is large enough for a patch at some scale.</exception>
    public PatchSampler(PairDataset dataset, PatchSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PatchSize < 1 || options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"PatchSize and BatchSize must be at least 1; got {options.PatchSize} and {options.BatchSize}.");
        }

        if (!(options.MinimumDeviation >= 0 && double.IsFinite(options.MinimumDeviation)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumDeviation, "The minimum patch deviation must be a finite number of 0 or more.");
        }

        Dataset = dataset;
        Options = options;
        foreach (var scale in dataset.Scales)
        {
            var pairs = dataset.Pairs(scale);
            _eligible[scale] = Enumerable.Range(0, pairs.Count)
                .Where(i => pairs[i].Input.Width >= options.PatchSize && pairs[i].Input.Height >= options.PatchSize)
                .ToArray();
            if (_eligible[scale].Length == 0)
            {
                throw new ArgumentException($"No training image is large enough for a {options.PatchSize}-pixel input patch at x{scale}.", nameof(options));
            }
        }

        Channels = dataset.Pairs(dataset.Scales[0])[0].Input.ColorPlanes;
        TargetSize = (dataset.Options.PreUpsampled, dataset.Scales.Count) switch
        {
            (true, _) => options.PatchSize,
            (false, 1) => options.PatchSize * dataset.Scales[0],
            _ => 0,
        };
    }

    /// <summary>Gets the pairs.</summary>
    public PairDataset Dataset { get; }

    /// <summary>Gets the options.</summary>
    public PatchSamplerOptions Options { get; }

    /// <summary>Gets the number of channels of the patches.</summary>
    public int Channels { get; }

    /// <summary>Gets the side of a target patch, or 0 when it varies from batch to batch (several scales, not pre-upsampled).</summary>
    public int TargetSize { get; }

    /// <summary>Builds batch <paramref name="index"/>.</summary>
    /// <param name="index">The batch number, 0 or more.</param>
    /// <returns>The batch; the same for the same seed and index.</returns>
    public TrainingBatch Sample(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random(Seeds.Derive(Options.Seed, index));
        var scales = Dataset.Scales;
        var batchScale = scales[random.Next(scales.Count)];
        int patch = Options.PatchSize, count = Options.BatchSize;
        var step = Dataset.Options.PreUpsampled ? 1 : batchScale;
        var targetPatch = patch * step;
        var inputs = new float[count * Channels * patch * patch];
        var targets = new float[count * Channels * targetPatch * targetPatch];
        var locations = new PatchLocation[count];
        for (var n = 0; n < count; n++)
        {
            var scale = Dataset.Options.PreUpsampled ? scales[random.Next(scales.Count)] : batchScale;
            var eligible = _eligible[scale];
            int image, x, y;
            TrainingPair pair;
            var draws = 0;
            do
            {
                image = eligible[random.Next(eligible.Length)];
                pair = Dataset.Pairs(scale)[image];
                x = random.Next(pair.Input.Width - patch + 1);
                y = random.Next(pair.Input.Height - patch + 1);
            }
            while (Options.MinimumDeviation > 0 && draws++ < MaximumRedraws && Deviation(pair.Input, x, y, patch) < Options.MinimumDeviation);

            var transform = Options.Augment ? random.Next(Dihedral.Count) : 0;
            for (var c = 0; c < Channels; c++)
            {
                var inputPlane = (n * Channels) + c;
                Dihedral.CopyWindow(pair.Input.GetPlane(c), pair.Input.Width, x, y, patch, transform, inputs.AsSpan(inputPlane * patch * patch, patch * patch));
                Dihedral.CopyWindow(pair.Target.GetPlane(c), pair.Target.Width, x * step, y * step, targetPatch, transform, targets.AsSpan(inputPlane * targetPatch * targetPatch, targetPatch * targetPatch));
            }

            locations[n] = new PatchLocation(image, scale, x, y, transform);
        }

        return new TrainingBatch(inputs, targets, Channels, patch, targetPatch, locations);
    }

    /// <summary>The standard deviation of the first plane over the window of side <paramref name="patch"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    private static double Deviation(PlanarImage image, int x, int y, int patch)
    {
        var plane = image.GetPlane(0);
        double sum = 0, squares = 0;
        for (var row = y; row < y + patch; row++)
        {
            foreach (var value in plane.Slice((row * image.Width) + x, patch))
            {
                sum += value;
                squares += (double)value * value;
            }
        }

        var count = (double)patch * patch;
        var mean = sum / count;
        return Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
    }
}
