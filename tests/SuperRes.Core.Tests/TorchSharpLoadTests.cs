using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Core.Tests;

/// <summary>TorchSharp's native library loads and computes here (Debian 12's libstdc++ lacks GLIBCXX_3.4.32).</summary>
public class TorchSharpLoadTests
{
    [Test]
    public void ConvolutionComputesHandCheckedValues()
    {
        using var scope = NewDisposeScope();

        // 3x3 input 1..9, 2x2 kernel [[1, 0], [0, -1]]: each output is x[i, j] - x[i + 1, j + 1] = -4.
        var input = arange(1, 10, dtype: ScalarType.Float32).reshape(1, 1, 3, 3);
        var kernel = tensor(new float[] { 1, 0, 0, -1 }).reshape(1, 1, 2, 2);
        var output = nn.functional.conv2d(input, kernel, tensor(new float[] { 0.5f }));

        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 1, 2, 2 }));
        Assert.That(output.data<float>().ToArray(), Is.All.EqualTo(-3.5f));
    }

    [Test]
    public void OutputCopyOfLibTorchSharpHasAWeakGlibcxx3432NeedAndOtherwiseEqualsThePackage()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(output))
        {
            Assert.Ignore("Only Linux x64 builds carry libLibTorchSharp.so in runtimes/linux-x64/native.");
        }

        var packaged = Path.Combine(NuGetPackageRoot(), "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var original = File.ReadAllBytes(packaged);
        var patched = File.ReadAllBytes(output);

        Assert.That(ElfVersionNeeds.Read(original)["GLIBCXX_3.4.32"].Flags & 2, Is.EqualTo(0), "the package's copy is untouched");
        Assert.That(ElfVersionNeeds.Read(patched)["GLIBCXX_3.4.32"].Flags & 2, Is.EqualTo(2), "the output copy is weak");
        Assert.That(patched.Length, Is.EqualTo(original.Length));
        var differing = Enumerable.Range(0, original.Length).Count(i => original[i] != patched[i]);
        Assert.That(differing, Is.EqualTo(1), "only the low byte of one vna_flags changes");
        Assert.That(File.GetLastWriteTimeUtc(output), Is.EqualTo(File.GetLastWriteTimeUtc(packaged)), "same size and time: the next build's copy, and so the fix, are skipped");
    }

    private static string NuGetPackageRoot() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
