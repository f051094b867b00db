using NUnit.Framework;

namespace SuperRes.Core.Tests;

public class AtomicFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("superres-atomic").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AWriteThatFailsHalfwayKeepsThePreviousFileAndLeavesNoTemporaryOne()
    {
        var path = Path.Combine(_folder, "curve.csv");
        File.WriteAllText(path, "previous");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new "u8);
            throw new InvalidOperationException("disk full");
        }));

        Assert.That(File.ReadAllText(path), Is.EqualTo("previous"));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void AMissingFolderIsNamedWithTheFileAskedForNotTheTemporaryOne()
    {
        var path = Path.Combine(_folder, "missing", "out.png");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(path, stream => stream.Write("x"u8)));

        Assert.That(error!.Message, Is.EqualTo($"Cannot write '{path}': its folder '{Path.Combine(_folder, "missing")}' does not exist."));
    }

    [Test]
    public void APathEndingInASeparatorIsRefusedAsAFolder()
    {
        var path = Path.Combine(_folder, "out") + Path.DirectorySeparatorChar;

        Assert.That(() => AtomicFile.Write(path, stream => stream.Write("x"u8)), Throws.TypeOf<IOException>().With.Message.Contains("names a folder, not a file"));
        Assert.That(Directory.GetFileSystemEntries(_folder), Is.Empty);
    }

    [Test]
    public void ACompleteWriteReplacesTheFile()
    {
        var path = Path.Combine(_folder, "curve.csv");
        File.WriteAllText(path, "previous");

        AtomicFile.Write(path, stream => stream.Write("new"u8));

        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void WithoutOverwriteAnExistingFileIsAnErrorAndStaysAsItWas()
    {
        var path = Path.Combine(_folder, "out.png");
        File.WriteAllText(path, "previous");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream => stream.Write("new"u8), overwrite: false));

        Assert.That(File.ReadAllText(path), Is.EqualTo("previous"));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void AMissingFolderIsReportedAsSuch()
    {
        var path = Path.Combine(_folder, "missing", "out.png");
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(path, stream => stream.Write("new"u8)));
    }
}
