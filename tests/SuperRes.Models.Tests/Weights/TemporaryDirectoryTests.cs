using NUnit.Framework;

namespace SuperRes.Models.Tests.Weights;

/// <summary>A base for tests that write files: each test gets a fresh folder, deleted afterwards.</summary>
public abstract class TemporaryDirectoryTests
{
    /// <summary>Gets the test's folder.</summary>
    protected string Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateTempSubdirectory("superres-weights-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);
}
