using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Extensions.DependencyInjection;
using SuperRes.Interpolation;
using SuperRes.Models;

namespace SuperRes.Extensions.DependencyInjection.Tests;

public class AddSuperResolutionTests
{
    [Test]
    public void ClassicModelIsASingletonThatUpscalesLikeTheResolverItNames()
    {
        using var provider = Build(o => { o.Model = "Bicubic"; o.Scale = 3; }, out _);
        var resolver = provider.GetRequiredService<ISuperResolver>();

        Assert.That(provider.GetRequiredService<ISuperResolver>(), Is.SameAs(resolver));
        using var image = Gradient(5, 4);
        using var actual = resolver.Upscale(image);
        using var expected = new InterpolationResolver(InterpolationMethod.Bicubic, 3).Upscale(image);
        Assert.That((actual.Width, actual.Height), Is.EqualTo((15, 12)));
        Assert.That(Pixels(actual), Is.EqualTo(Pixels(expected)));
    }

    [Test]
    public void LimitsReachClassicMethodsAndNetworksAlike([Values("bicubic", SuperResolvers.Auto)] string model)
    {
        var limits = new SuperResLimits { MaxInputPixels = 20 };
        using var provider = Build(o => { o.Model = model; o.Limits = limits; }, out _);

        var resolver = provider.GetRequiredService<ISuperResolver>();

        Assert.That(resolver.Limits, Is.SameAs(limits));
        using var image = Gradient(5, 5);
        Assert.That(() => resolver.Upscale(image), Throws.TypeOf<ImageTooLargeException>().With.Message.Contains("5x5"));
    }

    [Test]
    public void SelfEnsembleReachesTheNetworkResolver([Values] bool selfEnsemble)
    {
        using var provider = Build(o => { o.Model = "espcn"; o.Scale = 2; o.SelfEnsemble = selfEnsemble; }, out _);

        Assert.That(((ModelResolver)provider.GetRequiredService<ISuperResolver>()).SelfEnsemble, Is.EqualTo(selfEnsemble));
    }

    [Test]
    public void WithoutLimitsTheDefaultsHold()
    {
        using var provider = Build(o => o.Model = "bicubic", out _);

        Assert.That(provider.GetRequiredService<ISuperResolver>().Limits, Is.SameAs(SuperResLimits.Default));
    }

    [Test]
    public void CreatingTheResolverLogsModelScaleAndDevice()
    {
        using var provider = Build(o => { o.Model = "nearest"; o.Scale = 4; }, out var log);
        provider.GetRequiredService<ISuperResolver>();

        Assert.That(log, Is.EqualTo(new[] { "SuperRes: Super-resolution with nearest x4 on Cpu" }));
    }

    [Test]
    public void DefaultsAreTheBestShippedModelTimesTwo()
    {
        using var provider = Build(null, out _);

        var expected = SuperResolvers.ResolveName(SuperResolvers.Auto, 2);
        Assert.That(provider.GetRequiredService<IOptions<SuperResolutionOptions>>().Value.Model, Is.EqualTo(SuperResolvers.Auto));
        Assert.That(provider.GetRequiredService<ISuperResolver>().ToString(), Does.StartWith(expected).IgnoreCase.And.EndWith(" x2"));
    }

    [Test]
    public void UnknownModelFailsAtStartupListingTheKnownOnes()
    {
        var message = StartupFailure(o => o.Model = "waifu2x");

        Assert.That(message, Does.Contain("Unknown model 'waifu2x'"));
        Assert.That(message, Does.Contain("auto, nearest, bilinear, bicubic, srcnn"));
        Assert.That(message, Does.Contain("edsr-baseline"));
    }

    [TestCase(null, "got null")]
    [TestCase(" ", "got ' '")]
    public void AMissingModelFailsAtStartupListingTheKnownOnes(string? model, string got)
    {
        var message = StartupFailure(o => o.Model = model!);

        Assert.That(message, Does.Contain("Model must name a model or be 'auto'; " + got));
        Assert.That(message, Does.Contain("auto, nearest, bilinear, bicubic, srcnn"));
    }

    [Test]
    public void UnsupportedScaleFailsAtStartupWithTheModelsScales()
    {
        // ESPCN's sub-pixel layer is built for 2, 3, 4 and 8 in the catalog.
        Assert.That(StartupFailure(o => { o.Model = "espcn"; o.Scale = 5; }), Does.Contain("'espcn' supports scales 2, 3, 4, 8; x5 is not one of them."));
    }

    [Test]
    public void ScaleBelowOneFails()
    {
        Assert.That(StartupFailure(o => o.Scale = 0), Does.Contain("Scale must be at least 1; got 0."));
    }

    [TestCase(-1, null, "TileSize must not be negative; got -1.")]
    [TestCase(null, -2, "TileOverlap must not be negative; got -2.")]
    public void NegativeTileFails(int? tileSize, int? tileOverlap, string expected)
    {
        Assert.That(StartupFailure(o => { o.TileSize = tileSize; o.TileOverlap = tileOverlap; }), Does.Contain(expected));
    }

    [Test]
    public void TileWithoutACoreFailsWithTheSmallestThatWorks()
    {
        // SRCNN 9-5-5 sees (9 - 1) / 2 + (5 - 1) / 2 + (5 - 1) / 2 = 8 pixels each side, so a tile needs 2 * 8 + 1.
        var message = StartupFailure(o => { o.Model = "srcnn"; o.Scale = 2; o.TileSize = 16; });

        Assert.That(message, Does.Contain("TileSize 16 leaves no core between two 8-pixel overlap margins of 'srcnn'; use at least 17"));
    }

    [Test]
    public void ZeroThreadsFails()
    {
        Assert.That(StartupFailure(o => o.Threads = 0), Does.Contain("Threads must be at least 1"));
    }

    [Test]
    public void NetworkWithoutPretrainedWeightsFailsAtStartupAndWhenResolved()
    {
        var (model, scale) = Networks().FirstOrDefault(n => !n.Model.HasPretrainedWeights(n.Scale));
        Assume.That(model, Is.Not.Null, "every catalog network ships pretrained weights at every scale");

        var expected = $"no pretrained weights for {model!.Name} x{scale}";
        Assert.That(StartupFailure(o => { o.Model = model.Name; o.Scale = scale; }), Does.Contain(expected));
        using var provider = Build(o => { o.Model = model.Name; o.Scale = scale; }, out _);
        Assert.That(() => provider.GetRequiredService<ISuperResolver>(), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(expected));
    }

    [Test]
    public void NetworkWithPretrainedWeightsRunsOnTheCpuHere()
    {
        var (model, scale) = Networks().FirstOrDefault(n => n.Model.HasPretrainedWeights(n.Scale));
        Assume.That(model, Is.Not.Null, "no catalog network ships pretrained weights yet");

        using var provider = Build(o => { o.Model = model!.Name; o.Scale = scale; o.Device = ComputeDevice.Auto; }, out var log);
        using var image = Gradient(6, 5);
        using var result = provider.GetRequiredService<ISuperResolver>().Upscale(image);

        Assert.That((result.Width, result.Height), Is.EqualTo((6 * scale, 5 * scale)));
        Assert.That(log, Is.EqualTo(new[] { $"SuperRes: Super-resolution with {model!.Name} x{scale} on Cpu" }));
    }

    private static IEnumerable<(ModelInfo Model, int Scale)> Networks() =>
        ModelCatalog.All.SelectMany(m => m.Scales.Select(s => (m, s)));

    private static ServiceProvider Build(Action<SuperResolutionOptions>? configure, out List<string> log)
    {
        var lines = new List<string>();
        log = lines;
        return new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new ListLoggerProvider(lines)))
            .AddSuperResolution(configure)
            .BuildServiceProvider();
    }

    private static string StartupFailure(Action<SuperResolutionOptions> configure)
    {
        using var provider = Build(configure, out _);
        var validator = provider.GetRequiredService<IStartupValidator>();
        return Assert.Throws<OptionsValidationException>(validator.Validate)!.Message;
    }

    private static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)(40 * x), (byte)(50 * y), (byte)(10 * (x + y)));
            }
        }

        return image;
    }

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add($"{category}: {formatter(state, exception)}");
        }
    }
}
