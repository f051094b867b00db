namespace SuperRes.Fuzzing.Tests;

/// <summary>The process's resident memory, native allocations included, from Linux's /proc/self/status.</summary>
internal static class ProcessMemory
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
