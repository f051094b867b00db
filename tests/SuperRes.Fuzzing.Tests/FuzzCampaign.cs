using System.Diagnostics;
using System.Globalization;
using SixLabors.ImageSharp;
using SuperRes.Interpolation;
using SuperRes.Models.Weights;
using SuperRes.Testing;

namespace SuperRes.Fuzzing.Tests;

/// <summary>What a fuzz campaign saw: outcomes by exception type, the slowest and hungriest input, and every failure.</summary>
internal sealed class FuzzReport
{
    public int Inputs { get; set; }

    public SortedDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public TimeSpan MaxTime { get; set; }

    public string SlowestInput { get; set; } = string.Empty;

    public long MaxAllocatedBytes { get; set; }

    public long MaxPeakRssGrowthBytes { get; set; }

    public TimeSpan Total { get; set; }

    public List<string> Failures { get; } = [];

    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(culture, $"inputs: {Inputs}, total {Total.TotalSeconds:F1} s, max per input {MaxTime.TotalMilliseconds:F0} ms ({SlowestInput})"),
            string.Create(culture, $"max managed allocation per input: {MaxAllocatedBytes / 1e6:F1} MB; max peak-RSS growth per input: {MaxPeakRssGrowthBytes / 1e6:F1} MB"),
            "outcomes: " + string.Join(", ", Outcomes.Select(pair => $"{pair.Key} {pair.Value}")),
            $"failures: {Failures.Count}",
        };
        lines.AddRange(Failures.Take(20));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Feeds mutated images to <see cref="SuperResolverExtensions.Upscale(ISuperResolver, Stream, Stream, CancellationToken)"/>
/// and mutated weights files to <see cref="SafeTensorsFile.Read(Stream)"/> and <see cref="ModelWeights.LoadWeights(Models.SuperResolutionNetwork, Stream, string)"/>.
/// An input passes when the call returns or throws one of the exception types the API documents, within
/// <see cref="HangLimit"/>, allocating no more than <see cref="AllocationBound"/>.
/// </summary>
internal static class FuzzCampaign
{
    /// <summary>Limits far below the defaults, so that an input the header check lets through is cheap to upscale.</summary>
    public static readonly SuperResLimits Limits = new() { MaxInputPixels = 512 * 512, MaxOutputPixels = 1024 * 1024, MaxDimension = 4096 };

    /// <summary>An input that runs longer than this is a hang, and stops the campaign.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>The most one input may allocate, managed or native (peak RSS): a generous multiple of what an image within <see cref="Limits"/> needs.</summary>
    public const long AllocationBound = 512L << 20;

    private static readonly Type[] DocumentedImageErrors = [typeof(ImageFormatException), typeof(ImageTooLargeException), typeof(NotSupportedException)];

    /// <summary>Runs <paramref name="count"/> mutated inputs drawn with <paramref name="seed"/>.</summary>
    public static FuzzReport Run(int count, int seed)
    {
        var random = new Random(seed);
        var seeds = Seeds.Create(seed);
        var mutator = new Mutator(random);
        var resolver = new InterpolationResolver(InterpolationMethod.Bicubic, 2) { Limits = Limits };
        using var network = Seeds.CreateNetwork();
        var report = new FuzzReport();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var source = seeds[random.Next(seeds.Count)];
            var (bytes, mutation) = mutator.Mutate(source);
            var name = $"#{i} {source.Description}: {mutation}";
            Action target = source.Kind == SeedKind.SafeTensors ? () => LoadWeights(network, bytes) : () => Upscale(resolver, bytes);
            var documented = source.Kind == SeedKind.SafeTensors ? [typeof(InvalidWeightsException)] : DocumentedImageErrors;
            if (!RunOne(target, documented, name, report))
            {
                break;
            }
        }

        report.Total = total.Elapsed;
        return report;
    }

    private static void Upscale(ISuperResolver resolver, byte[] bytes)
    {
        using var output = new MemoryStream();
        resolver.Upscale(new MemoryStream(bytes), output);
    }

    private static void LoadWeights(Models.SuperResolutionNetwork network, byte[] bytes)
    {
        using (SafeTensorsFile.Read(new MemoryStream(bytes)))
        {
        }

        network.LoadWeights(new MemoryStream(bytes), "espcn");
    }

    /// <summary>Runs one input and records its outcome; returns false when it hung and the campaign must stop.</summary>
    private static bool RunOne(Action target, Type[] documented, string name, FuzzReport report)
    {
        ProcessMemory.ResetPeak();
        var rssBefore = ProcessMemory.ResidentBytes();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var run = Task.Run(target);
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(HangLimit))
        {
            report.Failures.Add($"{name}: still running after {HangLimit.TotalSeconds} s");
            return false;
        }

        clock.Stop();
        report.Inputs++;
        var error = run.Exception?.InnerException;
        var outcome = error?.GetType().Name ?? "ok";
        report.Outcomes[outcome] = report.Outcomes.GetValueOrDefault(outcome) + 1;
        if (error is not null && !documented.Any(type => type.IsInstanceOfType(error)))
        {
            report.Failures.Add($"{name}: undocumented {error}");
        }

        if (clock.Elapsed > report.MaxTime)
        {
            (report.MaxTime, report.SlowestInput) = (clock.Elapsed, name);
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var rssGrowth = ProcessMemory.PeakResidentBytes() - rssBefore;
        report.MaxAllocatedBytes = Math.Max(report.MaxAllocatedBytes, allocated);
        report.MaxPeakRssGrowthBytes = Math.Max(report.MaxPeakRssGrowthBytes, rssGrowth);
        if (allocated > AllocationBound || rssGrowth > AllocationBound)
        {
            report.Failures.Add($"{name}: allocated {allocated / 1e6:F0} MB managed, peak RSS grew {rssGrowth / 1e6:F0} MB");
        }

        return true;
    }
}
