using System.Runtime.InteropServices;
using TorchSharp;

namespace SuperRes.Models;

/// <summary>Keeps LibTorch's C++ warnings off the console for the process, unless the user chose its log level.</summary>
/// <remarks>
/// Where NNPACK's CPU probe fails (it did in a Zen 5 VM), LibTorch logs "Could not initialize NNPACK! Reason:
/// Unsupported hardware." each time a convolution considers NNPACK: twice per single-threaded upscale and about twice
/// per training step (38,200 lines, 3.8 MB, of a 19,000-iteration SRCNN training log), although it then runs another kernel and every
/// result is the same. LibTorch reads <c>TORCH_CPP_LOG_LEVEL</c> only when it loads, before SuperRes can set it, so
/// this writes the level LibTorch checks at each message (c10's <c>FLAGS_caffe2_log_level</c>) to ERROR. Errors
/// still print, and LibTorch's Python-style warnings (<c>TORCH_WARN</c>) go another way and are not affected. A level
/// the user set in <c>TORCH_CPP_LOG_LEVEL</c> (<c>WARNING</c> to see these again) is left alone.
/// </remarks>
internal static class LibTorchLogging
{
    /// <summary>LibTorch's environment variable for its C++ log level.</summary>
    public const string LevelVariable = "TORCH_CPP_LOG_LEVEL";

    /// <summary>c10's level for errors (INFO 0, WARNING 1, ERROR 2, FATAL 3).</summary>
    public const int ErrorLevel = 2;

    private static int _quieted;

    /// <summary>Gets or sets the level below which LibTorch drops C++ log messages; null (and not settable) where this LibTorch does not expose it.</summary>
    public static int? Level
    {
        get => TryFindLevel(out var level) ? Marshal.ReadInt32(level) : null;
        set
        {
            if (value is int newLevel && TryFindLevel(out var level))
            {
                Marshal.WriteInt32(level, newLevel);
            }
        }
    }

    /// <summary>Raises LibTorch's C++ log level to ERROR where the user has not set one (once; later calls return at once).</summary>
    public static void QuietWarnings()
    {
        if (Interlocked.Exchange(ref _quieted, 1) == 0)
        {
            QuietWarnings(NativeEnvironment.Get(LevelVariable));
        }
    }

    /// <summary>Raises the level to ERROR unless <paramref name="usersLevel"/>, the user's <see cref="LevelVariable"/>, is set.</summary>
    /// <param name="usersLevel">The user's level, or null where they set none.</param>
    internal static void QuietWarnings(string? usersLevel)
    {
        if (usersLevel is null && Level < ErrorLevel)
        {
            Level = ErrorLevel;
        }
    }

    private static bool TryFindLevel(out IntPtr level)
    {
        level = IntPtr.Zero;
        torch.InitializeDeviceType(DeviceType.CPU); // Loads LibTorch, c10 with it, where TorchSharp finds them.
        return NativeLibrary.TryLoad("c10", typeof(torch).Assembly, null, out var c10)
            && NativeLibrary.TryGetExport(c10, "FLAGS_caffe2_log_level", out level);
    }
}
