using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using NUnit.Framework;

namespace SuperRes.Packaging.Tests;

/// <summary>
/// Packs the solution once for every test here, as <c>dotnet pack SuperRes.sln</c> does, into a folder feed in a
/// temporary directory, with a version no earlier run used, so that no package left in the global NuGet cache
/// can stand in for the new one. The cache is otherwise shared, so TorchSharp's runtime is not fetched again.
/// </summary>
[SetUpFixture]
public sealed class PackedFeed
{
    /// <summary>Gets the folder feed holding the packages.</summary>
    public static string Feed { get; private set; } = "";

    /// <summary>Gets the version every package was packed with.</summary>
    public static string Version { get; private set; } = "";

    /// <summary>Gets a temporary folder for the tests' own files; it is deleted after the run.</summary>
    public static string Work { get; private set; } = "";

    [OneTimeSetUp]
    public void Pack()
    {
        Work = Directory.CreateTempSubdirectory("superres-packaging-").FullName;
        Feed = Path.Combine(Work, "feed");
        Version = $"0.0.0-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var watch = Stopwatch.StartNew();

        // The artifacts path keeps this Release build out of the working tree's bin and obj. Only this
        // machine's platform is packed for the tool; the others differ only in which LibTorch they carry.
        DotNet.Run(Work, "pack", Path.Combine(RepositoryRoot, "SuperRes.sln"), "-c", "Release", "-o", Feed,
            "--artifacts-path", Path.Combine(Work, "artifacts"), $"-p:Version={Version}",
            $"-p:RuntimeIdentifiers={RuntimeInformation.RuntimeIdentifier}", "--disable-build-servers");
        TestContext.Progress.WriteLine($"Packed the solution in {watch.Elapsed.TotalSeconds:F0} s.");
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Version.Length > 0 && Directory.Exists(cache))
        {
            foreach (var package in Directory.EnumerateDirectories(cache, "superres*"))
            {
                DeleteIfExists(Path.Combine(package, Version));
                if (!Directory.EnumerateFileSystemEntries(package).Any())
                {
                    Directory.Delete(package);
                }
            }
        }

        DeleteIfExists(Work);
    }

    /// <summary>Gets the path of the package <paramref name="id"/> in the feed.</summary>
    public static string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>Reads the nuspec inside the package <paramref name="id"/>.</summary>
    public static XElement Nuspec(string id)
    {
        using var package = ZipFile.OpenRead(Package(id));
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!;
    }

    /// <summary>Gets the repository root: the folder above the tests that holds SuperRes.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SuperRes.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No SuperRes.sln above {TestContext.CurrentContext.TestDirectory}.");
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
