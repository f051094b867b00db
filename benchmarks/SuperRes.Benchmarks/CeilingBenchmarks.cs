using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Benchmarks;

/// <summary>
/// This CPU's practical fp32 ceiling through TorchSharp: a 2048x2048 matrix product (2 n^3 FLOPs) on all cores,
/// the yardstick the networks' GFLOP/s are compared with.
/// </summary>
[ShortJob(singleInvocation: true)]
public class CeilingBenchmarks
{
    private const int Size = 2048;
    private Tensor _a = null!;
    private Tensor _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        _a = torch.rand(Size, Size);
        _b = torch.rand(Size, Size);
        FlopsColumn.Record(FlopsColumn.Key(nameof(MatMul), string.Empty), 2L * Size * Size * Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Benchmark]
    public long MatMul()
    {
        using var product = torch.matmul(_a, _b);
        return product.numel();
    }
}
