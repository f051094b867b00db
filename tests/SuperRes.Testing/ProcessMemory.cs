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
    /// Calls <paramref name="call"/> <paramref name="warmUp"/> times, then <paramref name="calls"/> times more, and
    /// returns how much the resident size grew over the second run, after a full garbage collection at each end.
    /// </summary>
    public static (long Before, long After) ResidentAround(int warmUp, int calls, Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var i = 0; i < warmUp; i++)
        {
            call();
        }

        var before = ResidentAfterCollection();
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        return (before, ResidentAfterCollection());
    }

    private static long ResidentAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
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
}
