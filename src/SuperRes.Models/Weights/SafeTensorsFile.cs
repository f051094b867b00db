using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Weights;

/// <summary>
/// A file in the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length, a JSON header <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}</c>,
/// then the raw little-endian tensor bytes. Reads F32, F16, BF16 and F64 tensors, converting them to float32; writes
/// F32. Every length, offset and value is checked before it is used, and a bad file fails with an
/// <see cref="InvalidWeightsException"/> that names the problem.
/// </summary>
/// <remarks>Owns its tensors (float32, on the CPU, outside any dispose scope): disposing it disposes them.</remarks>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>The longest header accepted; longer claims are taken as a sign of a corrupt or foreign file.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private SafeTensorsFile(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    private enum DType
    {
        F32,
        F16,
        BF16,
        F64,
    }

    /// <summary>Gets the tensors by name, in the order of their data in the file.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>Gets the header's <c>__metadata__</c> (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its tensors and metadata.</returns>
    /// <exception cref="InvalidWeightsException">The file is not a valid safetensors file of floating-point tensors with finite values.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream);
    }

    /// <summary>Reads and validates safetensors data from the stream's current position to its end.</summary>
    /// <param name="stream">The stream; one that cannot seek, or is not at its start, is first copied to memory.</param>
    /// <returns>Its tensors and metadata.</returns>
    /// <exception cref="InvalidWeightsException">The data is not a valid safetensors file of floating-point tensors with finite values.</exception>
    public static SafeTensorsFile Read(Stream stream)
    {
        stream = Streams.SeekableFromStart(stream);

        var available = stream.Length;
        if (available < sizeof(ulong))
        {
            throw new InvalidWeightsException($"The file is {available} bytes long, too short for the 8-byte header length that starts a safetensors file.");
        }

        Span<byte> lengthBytes = stackalloc byte[sizeof(ulong)];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidWeightsException($"The header length is {headerLength} bytes, more than the {MaxHeaderLength} a safetensors header may have: this is not a safetensors file, or it is corrupt.");
        }

        if ((long)headerLength > available - sizeof(ulong))
        {
            throw new InvalidWeightsException($"The header length is {headerLength} bytes, but only {available - sizeof(ulong)} bytes follow it: the file is truncated or not a safetensors file.");
        }

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var (entries, metadata) = ParseHeader(header, dataLength: available - sizeof(ulong) - (long)headerLength);

        var tensors = new Dictionary<string, Tensor>(entries.Count);
        try
        {
            // ParseHeader proved the entries contiguous from offset 0, so reading them in order walks the data section.
            foreach (var entry in entries)
            {
                tensors.Add(entry.Name, ReadTensor(stream, entry));
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Writes tensors as F32 to a file, through a temporary file in the same folder that replaces
    /// <paramref name="path"/> only once complete, so a failed write leaves no half-written file.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors by name; floating point, with finite values. They are not disposed.</param>
    /// <param name="metadata">The header's <c>__metadata__</c>, or null for none.</param>
    /// <exception cref="InvalidWeightsException">A tensor is not floating point or holds a non-finite value.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));
    }

    /// <summary>Writes tensors as F32 in the safetensors format, in ordinal order of their names.</summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="tensors">The tensors by name; floating point, with finite values. They are not disposed.</param>
    /// <param name="metadata">The header's <c>__metadata__</c>, or null for none.</param>
    /// <exception cref="InvalidWeightsException">A tensor is not floating point or holds a non-finite value.</exception>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = torch.NewDisposeScope();
        var ordered = tensors.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (Name: CheckedName(pair.Key), Values: TensorValues.AsFiniteFloat32(pair.Key, pair.Value)))
            .ToList();

        using var header = new MemoryStream();
        // Relaxed escaping keeps metadata such as training recipes readable ('+', accents) in the header.
        using (var json = new Utf8JsonWriter(header, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, values) in ordered)
            {
                var end = offset + values.bytes.Length;
                json.WriteStartObject(name);
                json.WriteString("dtype", nameof(DType.F32));
                json.WriteStartArray("shape");
                foreach (var size in values.shape)
                {
                    json.WriteNumberValue(size);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }

            json.WriteEndObject();
        }

        // The reference writer pads the header with spaces to a multiple of 8 so that the data stays aligned.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> lengthBytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
        stream.Write(lengthBytes);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var (_, values) in ordered)
        {
            stream.Write(values.bytes);
        }
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }
    }

    private static string CheckedName(string name) =>
        string.IsNullOrEmpty(name) || name == MetadataKey
            ? throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file.", "tensors")
            : name;

    private static Tensor ReadTensor(Stream stream, Entry entry)
    {
        // Lengths were checked against the bytes actually present, so these allocations are bounded by the file.
        var values = new float[entry.ElementCount];
        if (entry.DType == DType.F32)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            var raw = new byte[entry.ByteLength];
            stream.ReadExactly(raw);
            Widen(entry.DType, raw, values);
        }

        TensorValues.EnsureFinite(entry.Name, values);
        return torch.tensor(values, entry.Shape).DetachFromDisposeScope();
    }

    private static void Widen(DType dtype, ReadOnlySpan<byte> raw, Span<float> values)
    {
        switch (dtype)
        {
            case DType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(raw);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)halves[i];
                }

                break;
            case DType.BF16:
                // bfloat16 is the upper half of a float32.
                var upperHalves = MemoryMarshal.Cast<byte, ushort>(raw);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(upperHalves[i] << 16);
                }

                break;
            case DType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(raw);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)doubles[i];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "F32 is read directly.");
        }
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header, long dataLength)
    {
        // The JSON parser leaves strings undecoded until asked, so bad UTF-8 in a name would surface later as an InvalidOperationException.
        if (!Utf8.IsValid(header))
        {
            throw new InvalidWeightsException("The header is not valid UTF-8 text, as a safetensors header must be.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidWeightsException($"The header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidWeightsException($"The header is a JSON {root.ValueKind}, not the object of tensors a safetensors header is.");
            }

            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new InvalidWeightsException($"'{property.Name}' appears twice in the header.");
                }

                if (property.Name == MetadataKey)
                {
                    ParseMetadata(property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value, dataLength));
                }
            }

            EnsureContiguous(entries, dataLength);
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidWeightsException($"{MetadataKey} is a JSON {element.ValueKind}, but it must be an object of strings.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidWeightsException($"{MetadataKey} entry '{property.Name}' is a JSON {property.Value.ValueKind}, but metadata values must be strings.");
            }

            metadata[property.Name] = property.Value.GetString()!;
        }
    }

    private static Entry ParseEntry(string name, JsonElement element, long dataLength)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !element.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidWeightsException($"Tensor '{name}' needs a string 'dtype', an array 'shape' and an array 'data_offsets' in the header.");
        }

        var dtypeName = dtypeElement.GetString();
        if (!Enum.TryParse<DType>(dtypeName, ignoreCase: false, out var dtype) || dtype.ToString() != dtypeName)
        {
            throw new InvalidWeightsException($"Tensor '{name}' has dtype '{dtypeName}'; this reader supports F32, F16, BF16 and F64.");
        }

        var shape = shapeElement.EnumerateArray().Select(size => NonNegative(name, "shape", size)).ToArray();
        var offsets = offsetsElement.EnumerateArray().Select(offset => NonNegative(name, "data_offsets", offset)).ToArray();
        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new InvalidWeightsException($"Tensor '{name}' has data_offsets {TensorValues.FormatShape(offsets)}; they must be [begin, end] with begin <= end.");
        }

        if (offsets[1] > dataLength)
        {
            throw new InvalidWeightsException($"Tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] beyond the {dataLength}-byte data section.");
        }

        long byteLength;
        try
        {
            // LibTorch's strides multiply the sizes with zeros taken as ones, so those products must fit even where a
            // zero makes the tensor empty.
            var extent = checked(shape.Aggregate(1L, (count, size) => count * Math.Max(size, 1L)) * ElementSize(dtype));
            byteLength = shape.Contains(0L) ? 0 : extent;
        }
        catch (OverflowException)
        {
            throw new InvalidWeightsException($"Tensor '{name}' has shape {TensorValues.FormatShape(shape)}, more elements than any file holds.");
        }

        if (byteLength != offsets[1] - offsets[0])
        {
            throw new InvalidWeightsException(
                $"Tensor '{name}' has shape {TensorValues.FormatShape(shape)} of {dtype} ({byteLength} bytes), but its data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]} bytes.");
        }

        if (byteLength / ElementSize(dtype) > Array.MaxLength)
        {
            throw new InvalidWeightsException($"Tensor '{name}' has shape {TensorValues.FormatShape(shape)}, more elements than one tensor can be read into.");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long NonNegative(string name, string field, JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0
            ? value
            : throw new InvalidWeightsException($"Tensor '{name}' has {field} entry {element.GetRawText()}; it must be a non-negative integer.");

    private static void EnsureContiguous(List<Entry> entries, long dataLength)
    {
        // Like the reference implementation, require the tensors to tile the data section exactly: no overlap, no gap.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long end = 0;
        Entry? previous = null;
        foreach (var entry in entries)
        {
            if (entry.Begin < end)
            {
                throw new InvalidWeightsException($"Tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and '{entry.Name}' [{entry.Begin}, {entry.End}] overlap in the data section.");
            }

            if (entry.Begin > end)
            {
                throw new InvalidWeightsException($"Bytes [{end}, {entry.Begin}) of the data section, before tensor '{entry.Name}', belong to no tensor.");
            }

            end = entry.End;
            previous = entry;
        }

        if (end != dataLength)
        {
            throw new InvalidWeightsException($"The data section is {dataLength} bytes, but the tensors cover only the first {end}.");
        }
    }

    private static int ElementSize(DType dtype) => dtype switch
    {
        DType.F32 => sizeof(float),
        DType.F16 or DType.BF16 => 2,
        DType.F64 => sizeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    private sealed record Entry(string Name, DType DType, long[] Shape, long Begin, long End)
    {
        public long ByteLength => End - Begin;

        public int ElementCount => (int)(ByteLength / ElementSize(DType));
    }
}
