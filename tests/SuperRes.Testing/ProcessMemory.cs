using System.Runtime.InteropServices;

namespace SuperRes.Testing;

/// <summary>The process's resident memory, native allocations included, from Linux's /proc/self/status.</summary>
public static class ProcessMemory
{
    /// <summary>Gets VmRSS in bytes, or 0 where /proc is not there.</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>Gets VmHWM, the peak resident size since the last <see cref="ResetPeak"/>, in bytes, or 0 where /proc is not there.</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Starts a new peak: writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS.</summary>
    public static void ResetPeak()
    {
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    /// <summary>
    /// Returns to the operating system, now, the memory the process has freed: a blocking, compacting, aggressive
    /// garbage collection (which decommits free regions at once rather than over the next seconds), then glibc's
    /// <c>malloc_trim</c> where the C library has one. Resident size is process-wide, so memory returned in the middle
    /// of a measurement would offset, and hide, the growth being measured.
    /// </summary>
    public static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to trim.
        }
    }

    /// <summary>
    /// Calls <paramref name="call"/> <paramref name="warmUp"/> times, then <paramref name="calls"/> times more, and
    /// returns the resident size before and after the second run, each measured after <see cref="Settle"/>.
    /// </summary>
    public static (long Before, long After) ResidentAround(int warmUp, int calls, Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < warmUp; i++)
        {
            call();
        }

        var before = SettledResidentBytes();
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        return (before, SettledResidentBytes());
    }

    private static long SettledResidentBytes()
    {
        Settle();
        return ResidentBytes();
    }

    private static long Read(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));

        // The kernel writes "VmRSS:     123456 kB".
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
