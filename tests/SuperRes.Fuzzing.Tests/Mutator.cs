using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using SuperRes.Testing;

namespace SuperRes.Fuzzing.Tests;

/// <summary>
/// Corrupts seed files: generic damage (bit flips, inserted, deleted and overwritten bytes, truncation) and edits
/// of the header fields each format's decoder trusts (PNG IHDR size and chunk lengths and CRCs, BMP header sizes,
/// GIF screen and frame sizes, JPEG SOF size, safetensors header length and JSON fields).
/// </summary>
internal sealed partial class Mutator(Random random)
{
    private static readonly long[] Interesting =
        [0, 1, 2, 7, 8, 255, 256, 1000, 32767, 32768, 65535, 65536, 100_000, 1 << 24, int.MaxValue, 0x80000000L, uint.MaxValue];

    private static readonly string[] Dtypes = ["F32", "F16", "BF16", "F64", "I64", "U8", "BOOL", "f32", ""];

    /// <summary>Returns a mutated copy of <paramref name="seed"/> and a short account of what was done.</summary>
    public (byte[] Bytes, string Mutation) Mutate(Seed seed)
    {
        var bytes = seed.Bytes.ToArray();
        var steps = new List<string>();
        var count = random.Next(4) == 0 ? random.Next(2, 5) : 1;
        for (var i = 0; i < count; i++)
        {
            var (mutated, step) = random.Next(2) == 0 ? Generic(bytes) : Structured(seed.Kind, bytes);
            bytes = mutated;
            steps.Add(step);
        }

        return (bytes, string.Join(", ", steps));
    }

    private (byte[], string) Generic(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ([(byte)random.Next(256)], "insert into empty");
        }

        switch (random.Next(6))
        {
            case 0:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, $"flip {flips} bits");
            case 1:
                var at = random.Next(bytes.Length + 1);
                var inserted = new byte[random.Next(1, 17)];
                random.NextBytes(inserted);
                return ([.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)], $"insert {inserted.Length} at {at}");
            case 2:
                var start = random.Next(bytes.Length);
                var length = Math.Min(random.Next(1, 17), bytes.Length - start);
                return ([.. bytes.AsSpan(0, start), .. bytes.AsSpan(start + length)], $"delete {length} at {start}");
            case 3:
                var keep = random.Next(bytes.Length);
                return (bytes[..keep], $"truncate to {keep}");
            case 4:
                var offset = random.Next(bytes.Length);
                var value = Pick(Interesting);
                var width = Math.Min(random.Next(2) == 0 ? 2 : 4, bytes.Length - offset);
                for (var i = 0; i < width; i++)
                {
                    bytes[offset + i] = (byte)(value >> (8 * i));
                }

                return (bytes, $"write {value} at {offset}");
            default:
                var from = random.Next(bytes.Length);
                var span = Math.Min(random.Next(1, 64), bytes.Length - from);
                var to = random.Next(bytes.Length);
                return ([.. bytes.AsSpan(0, to), .. bytes.AsSpan(from, span), .. bytes.AsSpan(to)], $"duplicate {span} from {from} at {to}");
        }
    }

    private (byte[], string) Structured(SeedKind kind, byte[] bytes) => kind switch
    {
        SeedKind.Png when bytes.Length >= 33 => Png(bytes),
        SeedKind.Bmp when bytes.Length >= 54 => Bmp(bytes),
        SeedKind.Gif when bytes.Length >= 13 => Gif(bytes),
        SeedKind.Jpeg => Jpeg(bytes),
        SeedKind.SafeTensors when bytes.Length >= 8 => SafeTensors(bytes),
        _ => Generic(bytes),
    };

    private (byte[], string) Png(byte[] bytes)
    {
        // Chunks: 4-byte big-endian length, 4-byte type, data, CRC-32 of type and data. IHDR comes first, at 8.
        var chunks = new List<int>();
        for (long offset = 8; offset + 12 <= bytes.Length; offset += 12L + BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)offset)))
        {
            chunks.Add((int)offset);
        }

        switch (random.Next(4))
        {
            case 0:
                var field = random.Next(2) == 0 ? 16 : 20;
                var size = Pick(Interesting);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(field), (uint)size);
                var fixCrc = random.Next(4) != 0;
                if (fixCrc)
                {
                    FixPngCrc(bytes, 8);
                }

                return (bytes, $"png IHDR {(field == 16 ? "width" : "height")} = {size}{(fixCrc ? " (CRC fixed)" : string.Empty)}");
            case 1:
                var ihdrField = random.Next(24, 29);
                bytes[ihdrField] = (byte)random.Next(256);
                FixPngCrc(bytes, 8);
                return (bytes, $"png IHDR byte {ihdrField} = {bytes[ihdrField]} (CRC fixed)");
            case 2:
                var chunk = chunks[random.Next(chunks.Count)];
                var length = Pick(Interesting);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(chunk), (uint)length);
                return (bytes, $"png chunk at {chunk} length = {length}");
            default:
                var damaged = chunks[random.Next(chunks.Count)];
                var dataLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(damaged));
                if (damaged + 12L + dataLength <= bytes.Length)
                {
                    bytes[damaged + 8 + (int)dataLength + random.Next(4)] ^= 0x5A;
                }

                return (bytes, $"png chunk at {damaged} CRC damaged");
        }
    }

    private static void FixPngCrc(byte[] bytes, int chunk)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(chunk));
        if (chunk + 12L + length <= bytes.Length)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(chunk + 8 + (int)length), Crc32.Compute(bytes.AsSpan(chunk + 4, 4 + (int)length)));
        }
    }

    private (byte[], string) Bmp(byte[] bytes)
    {
        // File header: size at 2, pixel offset at 10. Info header: its size at 14, width 18, height 22, bits 28, compression 30, image size 34, palette colours 46.
        var (name, offset, width) = Pick<(string, int, int)>(
        [
            ("file size", 2, 4), ("pixel offset", 10, 4), ("header size", 14, 4), ("width", 18, 4), ("height", 22, 4),
            ("bits per pixel", 28, 2), ("compression", 30, 4), ("image size", 34, 4), ("palette colours", 46, 4),
        ]);
        var value = random.Next(3) == 0 ? -Pick(Interesting) : Pick(Interesting);
        for (var i = 0; i < width; i++)
        {
            bytes[offset + i] = (byte)(value >> (8 * i));
        }

        return (bytes, $"bmp {name} = {value}");
    }

    private (byte[], string) Gif(byte[] bytes)
    {
        // Logical screen size at 6 and 8 (16-bit little-endian); each frame's descriptor (0x2C) holds left, top, width, height.
        var descriptors = Enumerable.Range(13, Math.Max(0, bytes.Length - 22)).Where(i => bytes[i] == 0x2C).ToList();
        var value = (ushort)Pick(Interesting);
        if (descriptors.Count == 0 || random.Next(2) == 0)
        {
            var field = random.Next(2) == 0 ? 6 : 8;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field), value);
            return (bytes, $"gif screen {(field == 6 ? "width" : "height")} = {value}");
        }

        var descriptor = descriptors[random.Next(descriptors.Count)];
        var frameField = random.Next(4);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 1 + (2 * frameField)), value);
        return (bytes, $"gif frame at {descriptor} {new[] { "left", "top", "width", "height" }[frameField]} = {value}");
    }

    private (byte[], string) Jpeg(byte[] bytes)
    {
        // SOF0/SOF2: FF C0|C2, 2-byte length, precision, height, width (big-endian), component count.
        var sof = Enumerable.Range(0, Math.Max(0, bytes.Length - 9)).FirstOrDefault(i => bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2, -1);
        if (sof < 0)
        {
            return Generic(bytes);
        }

        var (name, offset) = Pick<(string, int)>([("height", 5), ("width", 7), ("components", 9), ("precision", 4), ("length", 2)]);
        var value = Pick(Interesting);
        if (name is "components" or "precision")
        {
            bytes[sof + offset] = (byte)value;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + offset), (ushort)value);
        }

        return (bytes, $"jpeg SOF {name} = {(byte)value}");
    }

    private (byte[], string) SafeTensors(byte[] bytes)
    {
        var headerLength = (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes), (ulong)(bytes.Length - 8));
        if (random.Next(3) == 0)
        {
            var claimed = random.Next(2) == 0 ? (ulong)Pick(Interesting) : (ulong)(headerLength + random.Next(-9, 10));
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimed);
            return (bytes, $"safetensors header length = {claimed}");
        }

        var header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        string edited, step;
        var numbers = Number().Matches(header);
        var dtypes = Dtype().Matches(header);
        if (random.Next(2) == 0 && numbers.Count > 0)
        {
            var number = numbers[random.Next(numbers.Count)];
            var replacement = random.Next(4) switch
            {
                0 => "-1",
                1 => "1e3",
                2 => "18446744073709551616",
                _ => Pick(Interesting).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            edited = header[..number.Index] + replacement + header[(number.Index + number.Length)..];
            step = $"safetensors number {number.Value} -> {replacement}";
        }
        else if (dtypes.Count > 0)
        {
            var dtype = dtypes[random.Next(dtypes.Count)].Groups[1];
            var replacement = Pick(Dtypes);
            edited = header[..dtype.Index] + replacement + header[(dtype.Index + dtype.Length)..];
            step = $"safetensors dtype {dtype.Value} -> {replacement}";
        }
        else
        {
            return Generic(bytes);
        }

        // Keep the length prefix consistent with the edited header, so that the reader gets past it to the JSON.
        var editedBytes = Encoding.UTF8.GetBytes(edited);
        var result = new byte[8 + editedBytes.Length + (bytes.Length - 8 - headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)editedBytes.Length);
        editedBytes.CopyTo(result, 8);
        bytes.AsSpan(8 + headerLength).CopyTo(result.AsSpan(8 + editedBytes.Length));
        return (result, step);
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    [GeneratedRegex("(?<![\"\\w])\\d+(?![\"\\w])")]
    private static partial Regex Number();

    [GeneratedRegex("\"dtype\":\\s*\"(\\w*)\"")]
    private static partial Regex Dtype();
}
