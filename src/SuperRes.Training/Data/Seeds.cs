namespace SuperRes.Training.Data;

/// <summary>Derives independent seeds from one seed and an index, the same in every process (unlike <see cref="HashCode"/>).</summary>
internal static class Seeds
{
    public static int Derive(int seed, params ReadOnlySpan<long> indices)
    {
        var state = unchecked((ulong)seed);
        foreach (var index in indices)
        {
            state = SplitMix64(state ^ unchecked((ulong)index));
        }

        return unchecked((int)SplitMix64(state));
    }

    // Steele, Lea and Flood's SplitMix64 finaliser: nearby inputs give unrelated outputs.
    private static ulong SplitMix64(ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }
}
