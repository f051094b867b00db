using BenchmarkDotNet.Attributes;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Benchmarks;

/// <summary>A network, scale and LR size to time.</summary>
public sealed record NetworkCase(string Model, int Scale, int Width, int Height)
{
    public override string ToString() => $"{Model} x{Scale} {Width}x{Height}";
}

/// <summary>
/// Every catalog network at x2, x3 and x4 on a 256x256 LR image, and the real-time models on 480x270 to 1080p
/// (x4): the whole <see cref="ModelResolver"/> pipeline (planes, Y/CbCr, network, chroma, rounding) and the
/// bare network forward. <c>--filter</c> picks methods; the environment variables <c>SUPERRES_BENCH_MODELS</c>
/// (comma-separated catalog names) and <c>SUPERRES_BENCH_SCALES</c> (comma-separated factors) pick cases, since
/// the full set, EDSR included, takes hours on 2 cores.
/// Weights are untrained: time does not depend on them.
/// </summary>
[MemoryDiagnoser]
[ShortJob(singleInvocation: true)]
public class NetworkBenchmarks
{
    private static readonly string[] RealTime = ["espcn", "fsrcnn", "fsrcnn-s"];

    private SuperResolutionNetwork _network = null!;
    private ModelResolver _resolver = null!;
    private PlanarImage _image = null!;
    private Tensor _input = null!;

    [ParamsSource(nameof(Cases))]
    public NetworkCase Case { get; set; } = null!;

    public static IEnumerable<NetworkCase> Cases()
    {
        var models = Chosen("SUPERRES_BENCH_MODELS");
        var scales = Chosen("SUPERRES_BENCH_SCALES");
        return ModelCatalog.All.SelectMany(m => m.Scales.Where(s => s <= 4).Select(s => new NetworkCase(m.Name, s, 256, 256)))
            .Concat(RealTime.Select(m => new NetworkCase(m, 4, 480, 270)))
            .Where(c => models is null || models.Contains(c.Model, StringComparer.OrdinalIgnoreCase))
            .Where(c => scales is null || scales.Contains(c.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        static string[]? Chosen(string variable) =>
            Environment.GetEnvironmentVariable(variable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        _network = ModelCatalog.Create(Case.Model, Case.Scale);
        _resolver = new ModelResolver(_network, new ModelResolverOptions { Device = ComputeDevice.Cpu });
        _image = BenchmarkImages.Planes(Case.Width, Case.Height).WithLevels(255);
        var networkInput = _network.ColorMode == ColorMode.Y ? YCbCr.Luma(_image) : _image.WithLevels(0);
        if (_network.PreUpsampled)
        {
            networkInput = networkInput.Resize(Case.Scale);
        }

        _input = networkInput.ToTensor().DetachFromDisposeScope();
        var flops = FlopCounter.Count(_network, networkInput.Width, networkInput.Height);
        FlopsColumn.Record(FlopsColumn.Key(nameof(Forward), Case), flops);
        FlopsColumn.Record(FlopsColumn.Key(nameof(Pipeline), Case), flops);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _network.Dispose();
    }

    [Benchmark]
    public PlanarImage Pipeline() => _resolver.Upscale(_image);

    [Benchmark]
    public long Forward()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _network.call(_input).numel();
    }
}
