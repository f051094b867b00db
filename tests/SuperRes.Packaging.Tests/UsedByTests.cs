using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Core.Tests;
using SuperRes.Interpolation;

namespace SuperRes.Packaging.Tests;

/// <summary>A stranger's first minutes: a new console app that adds the SuperRes package, and the superres tool.</summary>
[Category("Packaging")]
public partial class UsedByTests
{
    // What the README tells a user to write, plus an untrained catalog network so that real LibTorch code runs
    // through the native library the package's build step fixed.
    private const string Program = """
        using SixLabors.ImageSharp;
        using SixLabors.ImageSharp.PixelFormats;
        using SixLabors.ImageSharp.Processing;
        using SuperRes;
        using SuperRes.Interpolation;
        using SuperRes.Metrics;
        using SuperRes.Models;
        using SuperRes.Processing;

        using var reference = new Image<Rgb24>(48, 48);
        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 48; x++)
            {
                reference[x, y] = new Rgb24((byte)(128 + 100 * Math.Sin(x / 4.0)), (byte)(128 + 100 * Math.Cos(y / 5.0)), (byte)(128 + 100 * Math.Sin((x + y) / 6.0)));
            }
        }

        using var small = reference.Clone(x => x.Resize(24, 24));
        using var bicubic = small.Clone(x => x.Upscale(new InterpolationResolver(InterpolationMethod.Bicubic, 2)));
        using var nearest = new InterpolationResolver(InterpolationMethod.Nearest, 2).Upscale(small);
        Console.WriteLine($"psnr bicubic {ImageQuality.Psnr(bicubic, reference):F3} nearest {ImageQuality.Psnr(nearest, reference):F3}");

        using var network = ModelCatalog.Create("espcn", 3);
        var resolver = new ModelResolver(network);
        using var larger = resolver.Upscale(small);
        Console.WriteLine($"espcn {larger.Width}x{larger.Height} on {resolver.Device}");
        """;

    [Test]
    public void ConsoleAppThatAddsTheSuperResPackageUpscalesWithBicubicAndANetwork()
    {
        var folder = Directory.CreateDirectory(Path.Combine(PackedFeed.Work, "UsedBy")).FullName;
        File.WriteAllText(Path.Combine(PackedFeed.Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="superres" value="{PackedFeed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        DotNet.Run(folder, "new", "console", "--no-restore");
        DotNet.Run(folder, "add", "package", "SuperRes", "--version", PackedFeed.Version, "--no-restore");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);

        var output = DotNet.Run(folder, "run", "--disable-build-servers");

        var psnr = PsnrLine().Match(output);
        Assert.That(psnr.Success, $"no PSNR line in:\n{output}");
        Assert.That(double.Parse(psnr.Groups["bicubic"].Value, CultureInfo.InvariantCulture), Is.GreaterThan(double.Parse(psnr.Groups["nearest"].Value, CultureInfo.InvariantCulture)));
        Assert.That(output, Does.Contain("espcn 72x72 on Cpu"));

        // The load fix reached the app through SuperRes -> SuperRes.Core's buildTransitive targets.
        var library = Directory.EnumerateFiles(Path.Combine(folder, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories).First(p => p.Contains("linux-x64", StringComparison.Ordinal));
        Assert.That(ElfVersionNeeds.Read(File.ReadAllBytes(library))["GLIBCXX_3.4.32"].Flags & 2, Is.EqualTo(2));
    }

    [Test]
    public void ToolInstalledFromTheFeedUpscalesAFileWithBicubic()
    {
        var config = Path.Combine(PackedFeed.Work, "tool.nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="superres" value="{PackedFeed.Feed}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(PackedFeed.Work, "tools");
        DotNet.Run(PackedFeed.Work, "tool", "install", "SuperRes.Cli", "--version", PackedFeed.Version, "--tool-path", tools, "--configfile", config);
        var input = Path.Combine(PackedFeed.Work, "card.png");
        var output = Path.Combine(PackedFeed.Work, "card_x2.png");
        using (var card = TestImages.Noise(13, 9, colorPlanes: 3, seed: 7, levels: 255).ToImage<Rgb24>())
        {
            card.SaveAsPng(input);
        }

        DotNet.Start(Path.Combine(tools, "superres"), PackedFeed.Work, "upscale", input, "--model", "bicubic", "--scale", "2", "-o", output);

        // The default model is the best network the package ships for x2 (EDSR baseline): its weights travel inside the tool.
        DotNet.Start(Path.Combine(tools, "superres"), PackedFeed.Work, "upscale", input, "--scale", "2");
        using (var byDefault = Image.Load<Rgb24>(Path.Combine(PackedFeed.Work, "card_x2_edsr-baseline.png")))
        {
            Assert.That((byDefault.Width, byDefault.Height), Is.EqualTo((26, 18)));
        }

        using var actual = Image.Load<Rgb24>(output);
        using var original = Image.Load<Rgb24>(input);
        using var expected = new InterpolationResolver(InterpolationMethod.Bicubic, 2).Upscale(original);
        Assert.That((actual.Width, actual.Height), Is.EqualTo((26, 18)));
        Assert.That(Pixels(actual), Is.EqualTo(Pixels(expected)));
        var library = Directory.EnumerateFiles(tools, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        Assert.That(ElfVersionNeeds.Read(File.ReadAllBytes(library))["GLIBCXX_3.4.32"].Flags & 2, Is.EqualTo(2), "the installed tool's LibTorchSharp loads on GCC 12's libstdc++");
    }

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    [GeneratedRegex(@"psnr bicubic (?<bicubic>[0-9.]+) nearest (?<nearest>[0-9.]+)")]
    private static partial Regex PsnrLine();
}
