using BenchmarkDotNet.Attributes;
using SuperRes.Imaging;
using SuperRes.Models;
using TorchSharp;

namespace SuperRes.Benchmarks;

/// <summary>What tiling costs: the same 512x512 LR image through the whole pipeline untiled and in 256- and 128-pixel tiles (margins = receptive radius, so the output is the same).</summary>
[MemoryDiagnoser]
[ShortJob(singleInvocation: true)]
public class TilingBenchmarks
{
    private SuperResolutionNetwork _network = null!;
    private ModelResolver _resolver = null!;
    private PlanarImage _image = null!;

    [Params("espcn", "fsrcnn")]
    public string Model { get; set; } = null!;

    /// <summary>0 is untiled.</summary>
    [Params(0, 256, 128)]
    public int TileSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        _network = ModelCatalog.Create(Model, 2);
        _resolver = new ModelResolver(_network, new ModelResolverOptions { Device = ComputeDevice.Cpu, TileSize = TileSize });
        _image = BenchmarkImages.Planes(512, 512).WithLevels(255);
    }

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();

    [Benchmark]
    public PlanarImage Upscale() => _resolver.Upscale(_image);
}
