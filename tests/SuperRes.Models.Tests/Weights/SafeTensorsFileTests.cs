using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using SuperRes.Testing;
using SuperRes.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Weights;

public sealed class SafeTensorsFileTests : TemporaryDirectoryTests
{
    [Test]
    public void Reads_every_supported_dtype_as_float32()
    {
        // F32 1.5, -2.25 | F16 0x3C00 = 1, 0xC000 = -2 | BF16 0x3FC0 = 1.5 (a scalar) | F64 0.1
        var data = new byte[22];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(0), 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -2.25f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(8), 0x3C00);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(10), 0xC000);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), 0x3FC0);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(14), 0.1);
        var bytes = SafeTensors(
            """
            {"__metadata__": {"note": "hand-made"},
             "d": {"dtype": "F64", "shape": [1], "data_offsets": [14, 22]},
             "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "b": {"dtype": "F16", "shape": [1, 2], "data_offsets": [8, 12]},
             "c": {"dtype": "BF16", "shape": [], "data_offsets": [12, 14]}}
            """,
            data);

        using var file = SafeTensorsFile.Read(new MemoryStream(bytes));

        Assert.That(file.Metadata, Is.EqualTo(new Dictionary<string, string> { ["note"] = "hand-made" }));
        Assert.That(file.Tensors.Keys, Is.EqualTo(new[] { "a", "b", "c", "d" }), "in data order");
        Assert.That(file.Tensors.Values.Select(t => t.dtype), Is.All.EqualTo(ScalarType.Float32));
        Assert.That(file.Tensors["a"].shape, Is.EqualTo(new long[] { 2 }));
        Assert.That(file.Tensors["a"].data<float>().ToArray(), Is.EqualTo(new[] { 1.5f, -2.25f }));
        Assert.That(file.Tensors["b"].shape, Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(file.Tensors["b"].data<float>().ToArray(), Is.EqualTo(new[] { 1f, -2f }));
        Assert.That(file.Tensors["c"].shape, Is.Empty);
        Assert.That(file.Tensors["c"].item<float>(), Is.EqualTo(1.5f));
        Assert.That(file.Tensors["d"].item<float>(), Is.EqualTo((float)0.1));
    }

    [Test]
    public void Round_trip_through_a_file_is_bit_exact()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["conv.weight"] = torch.randn(3, 2, 3, 3, generator: new torch.Generator(7)),
            ["conv.bias"] = torch.tensor(new[] { -0f, float.Epsilon, float.MaxValue }),
            ["empty"] = torch.zeros(0, 4),
        };
        var metadata = new Dictionary<string, string> { ["architecture"] = "espcn", ["ünïcode"] = "✓ \"quoted\"" };
        var path = Path.Combine(Folder, "w.safetensors");

        SafeTensorsFile.Write(path, tensors, metadata);
        using var file = SafeTensorsFile.Read(path);

        Assert.That(file.Metadata, Is.EqualTo(metadata));
        Assert.That(file.Tensors.Keys, Is.EquivalentTo(tensors.Keys));
        foreach (var (name, tensor) in tensors)
        {
            Assert.That(file.Tensors[name].shape, Is.EqualTo(tensor.shape), name);
            Assert.That(TestNetworks.Bits(file.Tensors[name]), Is.EqualTo(TestNetworks.Bits(tensor)), name);
        }

        Assert.That(Directory.GetFiles(Folder), Is.EqualTo(new[] { path }), "no temporary file is left");
    }

    [Test]
    public void Written_layout_is_the_safetensors_format()
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, new Dictionary<string, Tensor>
        {
            ["b"] = torch.tensor(new[] { 3f }),
            ["a"] = torch.tensor(new[,] { { 1f, 2f } }, ScalarType.Float64),
        });
        var bytes = stream.ToArray();

        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That(headerLength % 8, Is.Zero, "the header is padded so that the data is 8-byte aligned");
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var a = header.RootElement.GetProperty("a");
        var b = header.RootElement.GetProperty("b");
        Assert.That(a.GetProperty("dtype").GetString(), Is.EqualTo("F32"));
        Assert.That(a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 8 }));
        Assert.That(b.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 8, 12 }));
        Assert.That(header.RootElement.TryGetProperty("__metadata__", out _), Is.False, "no metadata was given");
        var data = bytes.AsSpan(8 + headerLength);
        Assert.That(data.Length, Is.EqualTo(12));
        Assert.That(
            new[] { BinaryPrimitives.ReadSingleLittleEndian(data), BinaryPrimitives.ReadSingleLittleEndian(data[4..]), BinaryPrimitives.ReadSingleLittleEndian(data[8..]) },
            Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [Test]
    public void Reads_a_stream_that_cannot_seek()
    {
        using var buffer = new MemoryStream();
        SafeTensorsFile.Write(buffer, new Dictionary<string, Tensor> { ["x"] = torch.tensor(new[] { 0.25f, 4f }) });

        using var file = SafeTensorsFile.Read(new ForwardOnlyStream(buffer.ToArray()));

        Assert.That(file.Tensors["x"].data<float>().ToArray(), Is.EqualTo(new[] { 0.25f, 4f }));
    }

    private static IEnumerable<TestCaseData> InvalidFiles()
    {
        var eightBytes = new byte[8];
        yield return new TestCaseData(new byte[] { 1, 2, 3 }, "3 bytes long, too short").SetName("Rejects a file shorter than the length prefix");
        yield return new TestCaseData(LengthThen(1000, "{}"u8.ToArray()), "header length is 1000 bytes, but only 2 bytes follow").SetName("Rejects a header length beyond the file");
        yield return new TestCaseData(LengthThen(200_000_000, "{}"u8.ToArray()), "more than the 100000000").SetName("Rejects an absurd header length");
        yield return new TestCaseData(SafeTensors("{\"a\": ", []), "not valid JSON").SetName("Rejects invalid JSON");
        yield return new TestCaseData(SafeTensors("[1, 2]", []), "JSON Array, not the object").SetName("Rejects a header that is not an object");
        yield return new TestCaseData(LengthThen(4, [(byte)'{', (byte)'"', 0xFF, (byte)'"']), "not valid UTF-8").SetName("Rejects a header that is not UTF-8");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}""", eightBytes), "'w' has dtype 'I64'; this reader supports F32, F16, BF16 and F64").SetName("Rejects an unsupported dtype");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "0", "shape": [1], "data_offsets": [0, 4]}}""", new byte[4]), "'w' has dtype '0'").SetName("Rejects a numeric dtype");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}""", eightBytes), "'w' has shape [3] of F32 (12 bytes), but its data_offsets [0, 8] span 8 bytes").SetName("Rejects a shape that does not fit its offsets");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}""", eightBytes), "'w' has data_offsets [0, 16] beyond the 8-byte data section").SetName("Rejects offsets beyond the data");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}}""", eightBytes), "begin <= end").SetName("Rejects reversed offsets");
        yield return new TestCaseData(SafeTensors("""{"v": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", eightBytes), "'v' [0, 8] and 'w' [4, 8] overlap").SetName("Rejects overlapping tensors");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", eightBytes), "Bytes [0, 4) of the data section, before tensor 'w', belong to no tensor").SetName("Rejects a gap in the data");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""", eightBytes), "8 bytes, but the tensors cover only the first 4").SetName("Rejects trailing data");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}""", eightBytes), "'w' has shape entry -1; it must be a non-negative integer").SetName("Rejects a negative size");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}}""", eightBytes), "more elements than any file holds").SetName("Rejects a shape whose size overflows");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [0, 4611686018427387904, 4], "data_offsets": [0, 0]}}""", []), "more elements than any file holds").SetName("Rejects an empty tensor whose other sizes overflow LibTorch's strides");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [1]}}""", eightBytes), "'w' needs a string 'dtype', an array 'shape' and an array 'data_offsets'").SetName("Rejects an entry without offsets");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", eightBytes), "'w' appears twice").SetName("Rejects a name given twice");
        yield return new TestCaseData(SafeTensors("""{"__metadata__": {"scale": 2}}""", []), "entry 'scale' is a JSON Number, but metadata values must be strings").SetName("Rejects metadata that is not strings");
        yield return new TestCaseData(SafeTensors("""{"body.0.weight": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}""", Floats(1f, float.NaN)), "'body.0.weight' holds a non-finite value (NaN at flat index 1)").SetName("Rejects NaN, naming the tensor");
        yield return new TestCaseData(SafeTensors("""{"w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}""", [0x00, 0x7C]), "'w' holds a non-finite value (Infinity at flat index 0)").SetName("Rejects infinity, naming the tensor");
    }

    [TestCaseSource(nameof(InvalidFiles))]
    public void Invalid_file(byte[] bytes, string expectedMessage)
    {
        var error = Assert.Throws<InvalidWeightsException>(() => SafeTensorsFile.Read(new MemoryStream(bytes)).Dispose());
        Assert.That(error!.Message, Does.Contain(expectedMessage));
    }

    [Test]
    public void Refuses_to_write_non_finite_or_integer_tensors()
    {
        using var stream = new MemoryStream();

        var nan = Assert.Throws<InvalidWeightsException>(() =>
            SafeTensorsFile.Write(stream, new Dictionary<string, Tensor> { ["w"] = torch.tensor(new[] { 0f, float.PositiveInfinity }) }));
        var integer = Assert.Throws<InvalidWeightsException>(() =>
            SafeTensorsFile.Write(stream, new Dictionary<string, Tensor> { ["steps"] = torch.tensor(new[] { 5L }) }));

        Assert.That(nan!.Message, Does.Contain("'w' holds a non-finite value (Infinity at flat index 1)"));
        Assert.That(integer!.Message, Does.Contain("'steps' holds Int64 values"));
        Assert.That(stream.Length, Is.Zero, "nothing is written before every tensor passes");
    }

    [Test]
    public void A_failed_write_keeps_the_old_file_and_leaves_no_temporary()
    {
        var path = Path.Combine(Folder, "w.safetensors");
        File.WriteAllText(path, "previous contents");

        Assert.Throws<InvalidWeightsException>(() =>
            SafeTensorsFile.Write(path, new Dictionary<string, Tensor> { ["w"] = torch.tensor(new[] { float.NaN }) }));

        Assert.That(File.ReadAllText(path), Is.EqualTo("previous contents"));
        Assert.That(Directory.GetFiles(Folder), Is.EqualTo(new[] { path }));
    }

    internal static byte[] SafeTensors(string header, byte[] data) => LengthThen((ulong)Encoding.UTF8.GetByteCount(header), [.. Encoding.UTF8.GetBytes(header), .. data]);

    private static byte[] LengthThen(ulong length, byte[] rest)
    {
        var bytes = new byte[8 + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        rest.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();
}
