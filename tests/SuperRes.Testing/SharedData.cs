using NUnit.Framework;

namespace SuperRes.Testing;

/// <summary>
/// Locates the project's shared data (datasets, peer models), which lives beside the repository in
/// <c>../shared</c> and is never copied into it. Override with the SUPERRES_SHARED environment variable.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>Gets the repository root (the folder holding SuperRes.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Returns the path of <paramref name="relative"/> under the shared folder, or ignores the test with a clear message when it is absent.</summary>
    public static string Require(string relative)
    {
        var root = Root.Value;
        if (root is null)
        {
            Assert.Ignore("The shared data folder (../shared beside the repository, or $SUPERRES_SHARED) is absent; this test needs it.");
        }

        var path = Path.Combine(root!, relative);
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            Assert.Ignore($"'{path}' is absent from the shared data folder; this test needs it.");
        }

        return path;
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("SUPERRES_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SuperRes.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SuperRes.sln above {AppContext.BaseDirectory}.");
    }
}
