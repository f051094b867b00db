namespace SuperRes.Testing;

/// <summary>The CRC-32 of ISO 3309 that PNG chunks carry (reflected, polynomial 0xEDB88320), for tests that forge PNG headers.</summary>
public static class Crc32
{
    /// <summary>Computes the CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
