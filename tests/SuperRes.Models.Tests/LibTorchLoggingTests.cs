using NUnit.Framework;

namespace SuperRes.Models.Tests;

// That it keeps the NNPACK warning out of an upscale's output, in a fresh process, is LibTorchWarningTests' part (SuperRes.Cli.Tests).
[NonParallelizable]
public class LibTorchLoggingTests
{
    private const int WarningLevel = 1;

    private int? _levelBefore;

    [SetUp]
    public void StartAtLibTorchsDefault()
    {
        _levelBefore = LibTorchLogging.Level;
        Assert.That(_levelBefore, Is.Not.Null, "this LibTorch exposes no log level (c10's FLAGS_caffe2_log_level)");
        LibTorchLogging.Level = WarningLevel;
    }

    [TearDown]
    public void RestoreTheLevel() => LibTorchLogging.Level = _levelBefore;

    [Test]
    public void QuietingRaisesLibTorchsLogLevelToError()
    {
        LibTorchLogging.QuietWarnings(usersLevel: null);
        Assert.That(LibTorchLogging.Level, Is.EqualTo(LibTorchLogging.ErrorLevel));
    }

    [Test]
    public void ALevelTheUserSetIsKept()
    {
        LibTorchLogging.QuietWarnings(usersLevel: "WARNING");
        Assert.That(LibTorchLogging.Level, Is.EqualTo(WarningLevel));
    }
}
