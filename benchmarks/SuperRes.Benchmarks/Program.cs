using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SuperRes.Benchmarks;

// Run one class with `dotnet run -c Release --project benchmarks/SuperRes.Benchmarks -- --filter '*BicubicBenchmarks*'`;
// see BENCHMARKS.md for the commands behind each table.
var config = DefaultConfig.Instance.AddColumn(new FlopsColumn());
BenchmarkSwitcher.FromAssembly(typeof(NetworkCase).Assembly).Run(args, config);
