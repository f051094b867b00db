using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Interpolation;

namespace SuperRes.Core.Tests;

public class UpscaleFileFailureTests
{
    private string _folder = null!;
    private string _input = null!;
    private string _output = null!;

    [SetUp]
    public void CreateFiles()
    {
        _folder = Directory.CreateTempSubdirectory("superres-file-failures").FullName;
        _input = Path.Combine(_folder, "in.png");
        _output = Path.Combine(_folder, "out.png");
        using var image = new Image<Rgb24>(8, 8, new Rgb24(10, 20, 30));
        image.SaveAsPng(_input);
        File.WriteAllText(_output, "the previous result");
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void CancellationLeavesTheExistingOutputUntouchedAndNoTemporaryFile()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 2);

        Assert.That(() => bicubic.UpscaleFile(_input, _output, overwrite: true, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        AssertOnlyTheOriginalFilesRemain();
    }

    [Test]
    public void AFailureAfterTheTemporaryFileIsOpenLeavesTheExistingOutputUntouchedAndNoTemporaryFile()
    {
        var failing = new FailingResolver(_folder);

        Assert.That(() => failing.UpscaleFile(_input, _output, overwrite: true), Throws.TypeOf<InvalidOperationException>().With.Message.EqualTo("failed mid-write"));
        Assert.That(failing.FilesSeen, Has.Length.EqualTo(3), "the temporary file existed when the resolver ran");
        AssertOnlyTheOriginalFilesRemain();
    }

    [Test]
    public void ACancelledFirstWriteLeavesNoOutputAtAll()
    {
        File.Delete(_output);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => new InterpolationResolver(InterpolationMethod.Bicubic, 2).UpscaleFile(_input, _output, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.GetFiles(_folder), Is.EquivalentTo(new[] { _input }));
    }

    [Test]
    public void DecodingErrorsNameTheInputFile()
    {
        var bytes = File.ReadAllBytes(_input);
        File.WriteAllBytes(_input, bytes[..40]);

        var error = Assert.Throws<InvalidImageContentException>(() => new InterpolationResolver(InterpolationMethod.Bicubic, 2).UpscaleFile(_input, _output, overwrite: true));
        Assert.That(error!.Message, Does.StartWith($"'{_input}': "));
        Assert.That(File.ReadAllText(_output), Is.EqualTo("the previous result"));
    }

    [Test]
    public void SizeErrorsNameTheInputFile()
    {
        File.WriteAllBytes(_input, HostileImageTests.PngHeaderOnly(100_000, 100_000));

        var error = Assert.Throws<ImageTooLargeException>(() => new InterpolationResolver(InterpolationMethod.Bicubic, 2).UpscaleFile(_input, _output, overwrite: true));
        Assert.That(error!.Message, Does.StartWith($"'{_input}': The image is 100000x100000"));
        Assert.That(error.Width, Is.EqualTo(100_000));
    }

    private void AssertOnlyTheOriginalFilesRemain()
    {
        Assert.That(Directory.GetFiles(_folder), Is.EquivalentTo(new[] { _input, _output }));
        Assert.That(File.ReadAllText(_output), Is.EqualTo("the previous result"));
    }

    /// <summary>Fails in the middle of UpscaleFile, after the temporary output file has been created, noting the folder's files then.</summary>
    private sealed class FailingResolver(string folder) : ISuperResolver
    {
        public string[] FilesSeen { get; private set; } = [];

        public int Scale => 2;

        public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
            where TPixel : unmanaged, IPixel<TPixel>
        {
            FilesSeen = Directory.GetFiles(folder);
            throw new InvalidOperationException("failed mid-write");
        }
    }
}
