using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using NUnit.Framework;
using SuperRes.Core.Tests;

namespace SuperRes.Packaging.Tests;

[Category("Packaging")]
public class PackageContentsTests
{
    private static readonly string[] Libraries = ["SuperRes.Core", "SuperRes.Models", "SuperRes.Metrics", "SuperRes.Extensions.DependencyInjection"];

    // SuperRes is the package users add; SuperRes.Cuda is packed from a nuspec, so TorchSharp-cuda-linux need not be restorable here.
    [TestCase("SuperRes", "TorchSharp-cpu")]
    [TestCase("SuperRes.Cuda", "TorchSharp-cuda-linux")]
    public void MetaPackageBringsTheThreeLibrariesAndOneTorchSharpRuntime(string id, string runtime)
    {
        var dependencies = Dependencies(id);

        Assert.That(dependencies, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["SuperRes.Core"] = PackedFeed.Version,
            ["SuperRes.Models"] = PackedFeed.Version,
            ["SuperRes.Metrics"] = PackedFeed.Version,
            [runtime] = TorchSharpVersion(),
        }));
        Assert.That(Entries(id), Does.Contain("README.md"));
        Assert.That(Metadata(id, "readme"), Is.EqualTo("README.md"));
        Assert.That(Metadata(id, "license"), Is.EqualTo("MIT"));
    }

    [Test]
    public void CoreCarriesTheTorchSharpLoadFixForDirectAndTransitiveConsumers()
    {
        var entries = Entries("SuperRes.Core");

        Assert.That(entries, Is.SupersetOf(new[]
        {
            "buildTransitive/SuperRes.Core.targets", "buildTransitive/WeakenLibStdCxxVersionNeed.cs",
            "build/SuperRes.Core.targets", "build/WeakenLibStdCxxVersionNeed.cs",
        }));
    }

    [TestCaseSource(nameof(Libraries))]
    public void LibraryCarriesDocsSymbolsReadmeLicenceAndRepository(string id)
    {
        Assert.That(Entries(id), Is.SupersetOf(new[] { $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", "README.md" }));
        Assert.That(File.Exists(PackedFeed.Package(id, "snupkg")), $"{id} has no symbol package");
        Assert.That(Metadata(id, "license"), Is.EqualTo("MIT"));
        Assert.That(Metadata(id, "readme"), Is.EqualTo("README.md"));
        Assert.That(PackedFeed.Nuspec(id).Descendants().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value, Does.StartWith("https://github.com/"));
    }

    [Test]
    public void ToolPackageForThisPlatformFitsNuGetOrgsLimitAndItsLibTorchSharpLoadsHere()
    {
        var id = $"SuperRes.Cli.{RuntimeInformation.RuntimeIdentifier}";

        Assert.That(new FileInfo(PackedFeed.Package(id)).Length, Is.LessThan(250L * 1024 * 1024), "nuget.org takes packages up to 250 MB");
        using var package = ZipFile.OpenRead(PackedFeed.Package(id));
        var library = package.Entries.Single(e => e.Name == "libLibTorchSharp.so");
        using var stream = new MemoryStream();
        using (var entry = library.Open())
        {
            entry.CopyTo(stream);
        }

        // The fix runs after PackAsTool's publish: the need GCC 12's libstdc++ cannot meet is weak (VER_FLG_WEAK = 2).
        Assert.That(ElfVersionNeeds.Read(stream.ToArray())["GLIBCXX_3.4.32"].Flags & 2, Is.EqualTo(2));
    }

    private static string TorchSharpVersion() =>
        typeof(TorchSharp.torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : throw new InvalidOperationException("TorchSharp has no version.");

    private static Dictionary<string, string> Dependencies(string id) =>
        PackedFeed.Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);

    private static string? Metadata(string id, string element) =>
        PackedFeed.Nuspec(id).Descendants().SingleOrDefault(e => e.Name.LocalName == element)?.Value;

    private static List<string> Entries(string id)
    {
        using var package = ZipFile.OpenRead(PackedFeed.Package(id));
        return package.Entries.Select(e => e.FullName).ToList();
    }
}
