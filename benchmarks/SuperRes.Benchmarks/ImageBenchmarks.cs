using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Metrics;

namespace SuperRes.Benchmarks;

/// <summary>Our MATLAB-exact bicubic against ImageSharp's bicubic resampler, on the same 8-bit RGB image.</summary>
[MemoryDiagnoser]
[ShortJob]
public class BicubicBenchmarks
{
    private Image<Rgb24> _image = null!;
    private InterpolationResolver _ours = null!;

    [Params(2, 4)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = BenchmarkImages.Rgb(480, 270);
        _ours = new InterpolationResolver(InterpolationMethod.Bicubic, Scale);
    }

    [GlobalCleanup]
    public void Cleanup() => _image.Dispose();

    [Benchmark(Baseline = true)]
    public Image<Rgb24> ImageSharp() => _image.Clone(x => x.Resize(_image.Width * Scale, _image.Height * Scale, KnownResamplers.Bicubic));

    [Benchmark]
    public Image<Rgb24> Ours() => _ours.Upscale(_image);
}

/// <summary>PSNR and SSIM of a 2K (2048x1080) RGB pair under the protocol's options (Y channel, border shaved).</summary>
[MemoryDiagnoser]
[ShortJob]
public class QualityBenchmarks
{
    private readonly QualityOptions _options = QualityOptions.Protocol(4);
    private PlanarImage _actual = null!;
    private PlanarImage _expected = null!;

    [GlobalSetup]
    public void Setup()
    {
        _actual = BenchmarkImages.Planes(2048, 1080, seed: 1).WithLevels(255);
        _expected = BenchmarkImages.Planes(2048, 1080, seed: 2).WithLevels(255);
    }

    [Benchmark]
    public double Psnr() => ImageQuality.Psnr(_actual, _expected, _options);

    [Benchmark]
    public double Ssim() => ImageQuality.Ssim(_actual, _expected, _options);
}
