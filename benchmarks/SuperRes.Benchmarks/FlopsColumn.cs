using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SuperRes.Benchmarks;

/// <summary>
/// Achieved GFLOP/s: the case's convolution FLOPs (counted by <see cref="Models.FlopCounter"/> in the benchmark
/// process's global setup and left in a file, because columns run in the host process) over the mean time.
/// </summary>
internal sealed class FlopsColumn : IColumn
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "superres-benchmark-flops");

    public string Id => nameof(FlopsColumn);

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Convolution FLOPs of one call (2 per multiply-add) divided by the mean time";

    /// <summary>Called from a global setup: records the FLOPs of one call of the benchmark case named <paramref name="key"/>.</summary>
    public static void Record(string key, long flops)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, key), flops.ToString(CultureInfo.InvariantCulture));
    }

    public static string Key(string method, object parameters) => $"{method}_{parameters}".Replace(' ', '_');

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var file = Path.Combine(Folder, Key(benchmarkCase.Descriptor.WorkloadMethod.Name, string.Join(",", benchmarkCase.Parameters.Items.Select(p => p.Value))));
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (!File.Exists(file) || mean is not > 0)
        {
            return "-";
        }

        var flops = long.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
        return (flops / mean.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
