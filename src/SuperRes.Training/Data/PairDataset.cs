using System.Globalization;
using System.Runtime.ExceptionServices;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Metrics;
using SuperRes.Models;
using SuperRes.Training.Degradations;

namespace SuperRes.Training.Data;

/// <summary>One whole training image at one scale: the network's input and its target, in the network's colours.</summary>
/// <param name="Name">The image's file name (or index for in-memory images).</param>
/// <param name="Scale">The scale factor.</param>
/// <param name="Input">The degraded LR image, or for pre-upsampled networks its MATLAB bicubic enlargement to the target size.</param>
/// <param name="Target">The HR image cropped to a multiple of <paramref name="Scale"/> (modcrop).</param>
public sealed record TrainingPair(string Name, int Scale, PlanarImage Input, PlanarImage Target);

/// <summary>How <see cref="PairDataset"/> makes its pairs.</summary>
public sealed record PairDatasetOptions
{
    /// <summary>Gets the scale factors to make pairs for (one for most networks; several for VDSR-style multi-scale training). Default x2.</summary>
    public IReadOnlyList<int> Scales { get; init; } = [2];

    /// <summary>Gets the channels the network sees. Default <see cref="ColorMode.Y"/>.</summary>
    public ColorMode ColorMode { get; init; } = ColorMode.Y;

    /// <summary>Gets a value indicating whether the network's input is the bicubic enlargement of the LR image (SRCNN, VDSR).</summary>
    public bool PreUpsampled { get; init; }

    /// <summary>Gets how HR becomes LR, applied to the 8-bit RGB (or grey) HR image. Default <see cref="BicubicDownscale"/>, the benchmark protocol's.</summary>
    public IDegradation Degradation { get; init; } = new BicubicDownscale();

    /// <summary>
    /// Gets the factors each HR image is first resized by (MATLAB bicubic, rounded to the image's levels), every
    /// factor giving one more training image. Default [1], the images as they are. FSRCNN's augmentation is
    /// [1, 0.9, 0.8, 0.7, 0.6]: shrunk copies add sharper detail per pixel at the same patch size.
    /// </summary>
    public IReadOnlyList<double> ImageScales { get; init; } = [1];

    /// <summary>Gets the seed of the degradations' randomness (one realisation per image and scale).</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Training images held in memory as whole (input, target) pairs, one per image and scale. Each LR image is
/// made once from the whole HR image after modcrop, exactly as the evaluation protocol makes it, and patches are
/// cut from the pair afterwards: cheaper than degrading each patch, and free of the border effects a per-patch
/// resize would add.
/// </summary>
/// <remarks>
/// Degradations run when the set is built, so a random one (noise) has one realisation per image and scale for
/// the whole training. Colour conversion follows <see cref="ModelResolver"/>: the degradation acts on RGB, then
/// Y networks see the BT.601 luma of input and target (grey images are their own Y) and RGB networks see grey
/// images as three equal planes.
/// </remarks>
public sealed class PairDataset
{
    // Benchmark test sets: scores on them are only meaningful if no network ever trained on them.
    private static readonly string[] BenchmarkSets = ["Set5", "Set14", "BSD100", "B100", "Urban100", "Manga109"];

    private readonly Dictionary<int, IReadOnlyList<TrainingPair>> _pairs;

    private PairDataset(Dictionary<int, IReadOnlyList<TrainingPair>> pairs, PairDatasetOptions options, IReadOnlyList<string> sources)
    {
        _pairs = pairs;
        Options = options;
        Sources = sources;
    }

    /// <summary>Gets the options the pairs were made with.</summary>
    public PairDatasetOptions Options { get; }

    /// <summary>Gets the names of the folders the images came from, in the order given (a folder listed twice is named twice); empty for images given in memory.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Gets the scales, as given.</summary>
    public IReadOnlyList<int> Scales => Options.Scales;

    /// <summary>Gets the pairs at <paramref name="scale"/>, in image order.</summary>
    /// <param name="scale">One of <see cref="Scales"/>.</param>
    /// <returns>The pairs.</returns>
    public IReadOnlyList<TrainingPair> Pairs(int scale) =>
        _pairs.TryGetValue(scale, out var pairs) ? pairs : throw new ArgumentOutOfRangeException(nameof(scale), scale, $"This set has pairs for x{string.Join(", x", Scales)} only.");

    /// <summary>Decodes the HR images of <paramref name="folders"/> (each a folder of images or with an <c>HR</c> subfolder) and makes the pairs.</summary>
    /// <param name="folders">Training folders such as T91 and BSD200; never a benchmark test set.</param>
    /// <param name="options">How to make pairs.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException">A folder is a benchmark test set (Set5, Set14, BSD100, ...) or holds no images.</exception>
    public static PairDataset Load(IEnumerable<string> folders, PairDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var files = new List<string>();
        var sources = new List<string>();
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
            if (BenchmarkSets.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"'{folder}' is the benchmark test set {name}; training on it would invalidate every score measured on it.", nameof(folders));
            }

            files.AddRange(Evaluation.HighResolutionImages(folder));
            sources.Add(name);
        }

        return Create(files.Count, i => Evaluation.LoadPlanes(files[i]), files.Select(Path.GetFileName).ToArray()!, options, sources);
    }

    /// <summary>Makes the pairs of HR images already in memory.</summary>
    /// <param name="highResolution">HR images, grey or RGB, normally 8-bit (<see cref="PlanarImage.Levels"/> 255).</param>
    /// <param name="options">How to make pairs.</param>
    /// <returns>The dataset.</returns>
    public static PairDataset Create(IReadOnlyList<PlanarImage> highResolution, PairDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(highResolution);
        return Create(highResolution.Count, i => highResolution[i], highResolution.Select((_, i) => $"#{i}").ToArray(), options, []);
    }

    /// <summary>
    /// Makes the pairs one HR image at a time, each image's copies at the image scales and their pairs before the
    /// next image: only the pairs stay, and each decoded or shrunk RGB image is garbage as soon as its pairs are
    /// made. (Decoding every image first and shrinking them all before making any pair held about five times the
    /// pairs' memory at once for T91 and BSD200 at five image scales, and the process kept it.)
    /// </summary>
    private static PairDataset Create(int count, Func<int, PlanarImage> image, IReadOnlyList<string> names, PairDatasetOptions options, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (count == 0)
        {
            throw new ArgumentException("A training set needs at least one image.", nameof(image));
        }

        if (options.Scales is null || options.ImageScales is null || options.Degradation is null)
        {
            throw new ArgumentException("PairDatasetOptions.Scales, ImageScales and Degradation must be set; leave them out for their defaults rather than set them to null.", nameof(options));
        }

        if (options.Scales.Count == 0 || options.Scales.Any(s => s < 1) || options.Scales.Distinct().Count() != options.Scales.Count)
        {
            throw new ArgumentException($"Scales must be distinct factors of 1 or more; got [{string.Join(", ", options.Scales)}].", nameof(options));
        }

        var factors = options.ImageScales;
        if (factors.Count == 0 || factors.Any(f => !(f > 0 && f <= 1)) || factors.Distinct().Count() != factors.Count)
        {
            throw new ArgumentException($"Image scales must be distinct factors in (0, 1]; got [{string.Join(", ", factors)}].", nameof(options));
        }

        // Pair k is image k / factors.Count at factor k % factors.Count; k also seeds its degradation.
        var pairs = options.Scales.ToDictionary(scale => scale, _ => new TrainingPair[count * factors.Count]);
        try
        {
            Parallel.For(0, count, i =>
            {
                var original = image(i) ?? throw new ArgumentException($"Training image {names[i]} is null.");
                for (var f = 0; f < factors.Count; f++)
                {
                    var shrunk = factors[f] == 1 ? original : original.Resize(factors[f]);
                    var name = factors[f] == 1 ? names[i] : string.Create(CultureInfo.InvariantCulture, $"{names[i]}@{factors[f]}");
                    foreach (var (scale, atScale) in pairs)
                    {
                        atScale[(i * factors.Count) + f] = MakePair(shrunk, name, scale, (i * factors.Count) + f, options);
                    }
                }
            });
        }
        catch (AggregateException e)
        {
            // The first bad image's own error, which names it, rather than "one or more errors occurred".
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }

        return new PairDataset(pairs.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<TrainingPair>)entry.Value), options, sources);
    }

    private static TrainingPair MakePair(PlanarImage image, string name, int scale, int index, PairDatasetOptions options)
    {
        int width = image.Width - (image.Width % scale), height = image.Height - (image.Height % scale);
        if (width == 0 || height == 0)
        {
            throw new ArgumentException($"Training image {name} ({image.Width}x{image.Height}) is smaller than the scale {scale}.");
        }

        var colour = image.SelectPlanes(0, image.ColorPlanes);
        var highResolution = width == image.Width && height == image.Height ? colour : colour.Crop(0, 0, width, height);
        var random = new Random(Seeds.Derive(options.Seed, scale, index));
        var lowResolution = options.Degradation.Apply(highResolution, scale, random);
        if (lowResolution.Width * scale != width || lowResolution.Height * scale != height)
        {
            throw new InvalidOperationException($"The degradation '{options.Degradation}' made {lowResolution.Width}x{lowResolution.Height} from {width}x{height}; x{scale} needs exactly 1/{scale} of the size.");
        }

        var input = ToNetworkColour(lowResolution, options.ColorMode);
        if (options.PreUpsampled)
        {
            input = input.Resize(scale);
        }

        return new TrainingPair(name, scale, input, ToNetworkColour(highResolution, options.ColorMode));
    }

    private static PlanarImage ToNetworkColour(PlanarImage image, ColorMode mode)
    {
        var continuous = image.WithLevels(0);
        if (mode == ColorMode.Y)
        {
            return YCbCr.Luma(continuous);
        }

        if (continuous.ColorPlanes == 3)
        {
            return continuous;
        }

        var rgb = new PlanarImage(image.Width, image.Height, 3);
        for (var p = 0; p < 3; p++)
        {
            continuous.GetPlane(0).CopyTo(rgb.GetPlane(p));
        }

        return rgb;
    }
}
