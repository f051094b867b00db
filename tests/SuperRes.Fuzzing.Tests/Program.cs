using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Fuzzing.Tests;
using SuperRes.Models;
using SuperRes.Testing;

// The full runs behind the figures in BENCHMARKS.md:
//   dotnet run -c Release --project tests/SuperRes.Fuzzing.Tests -- fuzz [inputs = 10000] [seed = 1]
//   dotnet run -c Release --project tests/SuperRes.Fuzzing.Tests -- memory [calls = 1000]
var mode = args.Length > 0 ? args[0] : "fuzz";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : (mode == "memory" ? 1000 : 10_000);
if (mode == "memory")
{
    using var network = ModelCatalog.Create("espcn", 2);
    var resolver = new ModelResolver(network, new ModelResolverOptions { Device = ComputeDevice.Cpu });
    using var image = new Image<Rgb24>(64, 64);
    image.ProcessPixelRows(rows =>
    {
        for (var y = 0; y < rows.Height; y++)
        {
            var row = rows.GetRowSpan(y);
            for (var x = 0; x < row.Length; x++)
            {
                row[x] = new Rgb24((byte)(x * 4), (byte)(y * 4), (byte)((x * y) % 256));
            }
        }
    });
    var (before, after) = ProcessMemory.ResidentAround(warmUp: 50, calls: count, () => resolver.Upscale(image).Dispose());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"espcn x2, 64x64 Rgb24, {count} calls after 50 of warm-up: RSS {before / 1e6:F1} MB -> {after / 1e6:F1} MB, growth {(after - before) / 1e6:F1} MB"));
    return after - before < 50L << 20 ? 0 : 1;
}

var report = FuzzCampaign.Run(count, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1);
Console.WriteLine(report);
return report.Failures.Count == 0 ? 0 : 1;
