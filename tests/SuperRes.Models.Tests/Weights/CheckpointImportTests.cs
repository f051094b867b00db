using System.Collections;
using NUnit.Framework;
using SuperRes.Models.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Weights;

public sealed class CheckpointImportTests
{
    [Test]
    public void Imports_the_ema_weights_of_a_BasicSR_checkpoint_saved_from_DataParallel()
    {
        var trained = new TinyEdsr().Randomised(seed: 10);
        var checkpoint = new Hashtable
        {
            ["params"] = Renamed(new TinyEdsr().Randomised(seed: 11).state_dict(), key => "module." + key),
            ["params_ema"] = Renamed(trained.state_dict(), key => "module." + key),
        };
        var stream = PyTorchFile(checkpoint);
        var network = new TinyEdsr().Randomised(seed: 12);

        network.ImportCheckpoint(stream);

        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(TestNetworks.StateBits(trained)));
    }

    [Test]
    public void Reads_state_dicts_unwrapped_and_without_DataParallel_prefixes()
    {
        var checkpoint = new Hashtable
        {
            ["epoch"] = 7,
            ["state_dict"] = new Hashtable { ["module.module.conv.weight"] = torch.ones(2, 1, 1, 1), ["module.conv.bias"] = torch.zeros(2) },
        };

        var tensors = CheckpointImport.ReadStateDict(PyTorchFile(checkpoint));

        Assert.That(tensors.Keys, Is.EquivalentTo(new[] { "conv.weight", "conv.bias" }));
        Assert.That(tensors["conv.weight"].shape, Is.EqualTo(new long[] { 2, 1, 1, 1 }));
    }

    [Test]
    public void Reads_a_checkpoint_that_starts_at_the_stream_position()
    {
        var stream = new MemoryStream();
        stream.Write("container header"u8);
        PyTorchFile(new Hashtable { ["w"] = torch.tensor(new[] { 2.5f, -1f }) }).CopyTo(stream);
        stream.Position = "container header"u8.Length;

        var tensors = CheckpointImport.ReadStateDict(stream);

        Assert.That(tensors["w"].data<float>().ToArray(), Is.EqualTo(new[] { 2.5f, -1f }));
    }

    [Test]
    public void Imports_float64_values_as_float32()
    {
        var trained = new TinySrcnn(scale: 2, features: 4, mapped: 2).Randomised(seed: 13);
        var asDouble = trained.state_dict().ToDictionary(pair => (object)pair.Key, pair => (object?)pair.Value.detach().to(ScalarType.Float64));
        var network = new TinySrcnn(scale: 2, features: 4, mapped: 2);

        network.ImportCheckpoint(PyTorchFile(new Hashtable { ["model"] = new Hashtable(asDouble) }));

        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(TestNetworks.StateBits(trained)), "float32 -> float64 -> float32 is exact");
    }

    [Test]
    public void Imports_official_EDSR_PyTorch_names_through_the_key_map()
    {
        var trained = new TinyEdsr(scale: 2, features: 4, blocks: 2).Randomised(seed: 14);
        var official = Renamed(trained.state_dict(), key => OfficialEdsrNames[key[..key.LastIndexOf('.')]] + key[key.LastIndexOf('.')..]);
        official["sub_mean.weight"] = torch.eye(3).view(3, 3, 1, 1);
        official["sub_mean.bias"] = torch.zeros(3);
        official["add_mean.weight"] = torch.eye(3).view(3, 3, 1, 1);
        official["add_mean.bias"] = torch.zeros(3);
        var network = new TinyEdsr(scale: 2, features: 4, blocks: 2);

        network.ImportCheckpoint(PyTorchFile(official), CheckpointKeyMaps.EdsrPyTorch);

        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(TestNetworks.StateBits(trained)));
    }

    [Test]
    public void Keys_left_over_or_missing_after_the_map_are_named()
    {
        var official = Renamed(new TinyEdsr().state_dict(), key => OfficialEdsrNames[key[..key.LastIndexOf('.')]] + key[key.LastIndexOf('.')..]);
        official.Remove("tail.1.weight");
        official.Remove("tail.1.bias");
        official["tail.2.weight"] = torch.zeros(1);

        var error = Assert.Throws<InvalidWeightsException>(() => new TinyEdsr().ImportCheckpoint(PyTorchFile(official), CheckpointKeyMaps.EdsrPyTorch));

        Assert.That(error!.Message, Is.EqualTo(
            "The weights do not fit the network: conv_last.weight is missing from the file; conv_last.bias is missing from the file; tail.2.weight is in the file but not in the network."));
    }

    [Test]
    public void Imports_safetensors_checkpoints()
    {
        var trained = new TinySrcnn(scale: 3, features: 4, mapped: 2).Randomised(seed: 15);
        var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, trained.state_dict().ToDictionary(pair => "module." + pair.Key, pair => pair.Value));
        stream.Position = 0;
        var network = new TinySrcnn(scale: 3, features: 4, mapped: 2);

        network.ImportCheckpoint(stream);

        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(TestNetworks.StateBits(trained)));
    }

    [TestCase("module.body.0.conv1.weight", ExpectedResult = "module.body.0.conv1.weight", Description = "prefixes are stripped before the map, not by it")]
    [TestCase("head.0.weight", ExpectedResult = "conv_first.weight")]
    [TestCase("body.15.body.0.bias", ExpectedResult = "body.15.conv1.bias")]
    [TestCase("body.15.body.2.weight", ExpectedResult = "body.15.conv2.weight")]
    [TestCase("body.32.weight", ExpectedResult = "conv_after_body.weight")]
    [TestCase("body.32.bias", ExpectedResult = "conv_after_body.bias")]
    [TestCase("tail.0.0.weight", ExpectedResult = "upsample.0.weight")]
    [TestCase("tail.0.2.bias", ExpectedResult = "upsample.2.bias")]
    [TestCase("tail.1.weight", ExpectedResult = "conv_last.weight")]
    [TestCase("sub_mean.weight", ExpectedResult = null)]
    [TestCase("add_mean.bias", ExpectedResult = null)]
    [TestCase("tail.10.weight", ExpectedResult = "tail.10.weight", Description = "unknown keys pass through for the strict load to name")]
    public string? EDSR_PyTorch_key_map(string key) => CheckpointKeyMaps.EdsrPyTorch(key);

    [Test]
    public void Rule_tables_apply_the_first_matching_rule()
    {
        var map = CheckpointKeyMaps.FromRules((@"^model\.", ""), (@"^model\.(.*)$", "never.$1"), (@"\.num_batches_tracked$", null));

        Assert.That(map("model.input.weight"), Is.EqualTo("input.weight"));
        Assert.That(map("bn.num_batches_tracked"), Is.Null);
        Assert.That(map("output.weight"), Is.EqualTo("output.weight"));
    }

    [Test]
    public void A_key_map_that_merges_two_keys_is_refused()
    {
        var map = CheckpointKeyMaps.FromRules((@"^(a|b)\.", "conv."));
        var checkpoint = PyTorchFile(new Hashtable { ["a.weight"] = torch.zeros(1), ["b.weight"] = torch.ones(1) });

        var error = Assert.Throws<InvalidWeightsException>(() => new TinySrcnn(scale: 2).ImportCheckpoint(checkpoint, map));

        Assert.That(error!.Message, Does.Match(@"Checkpoint key '(a|b)\.weight' maps to 'conv\.weight', which another key already took\."));
    }

    [Test]
    public void Reads_a_safetensors_file_whose_header_length_starts_with_the_pickle_opcode()
    {
        // A header of 0x180 bytes: its little-endian length starts with 0x80, the byte every pickle starts with.
        var json = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""".PadRight(0x180);
        var stream = new MemoryStream();
        stream.Write(BitConverter.GetBytes((ulong)json.Length));
        stream.Write(System.Text.Encoding.ASCII.GetBytes(json));
        stream.Write(BitConverter.GetBytes(2.5f));
        stream.Write(BitConverter.GetBytes(-1f));
        stream.Position = 0;
        Assert.That(stream.GetBuffer()[0], Is.EqualTo(0x80));

        var tensors = CheckpointImport.ReadStateDict(stream);

        Assert.That(tensors["w"].data<float>().ToArray(), Is.EqualTo(new[] { 2.5f, -1f }));
    }

    private static IEnumerable<TestCaseData> UnreadableCheckpoints()
    {
        yield return new TestCaseData(new byte[] { 0x80, 0x02, 0x8A, 0x0A }, "legacy (pre-1.6) PyTorch pickle").SetName("Refuses legacy PyTorch pickles with advice");
        yield return new TestCaseData(new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0 }, "The PyTorch checkpoint could not be read").SetName("Refuses a broken zip");
        yield return new TestCaseData(PyTorchFile(new Hashtable { ["epoch"] = 3, ["w"] = torch.zeros(1) }).ToArray(), "Checkpoint entry 'epoch' is a Int32, not a tensor").SetName("Refuses entries that are not tensors");
        yield return new TestCaseData(PyTorchFile(new Hashtable { ["w"] = torch.zeros(1), ["module.w"] = torch.zeros(1) }).ToArray(), "is 'w' without its 'module.' prefixes, which another key already is").SetName("Refuses keys that collide once unprefixed");
        yield return new TestCaseData(PyTorchFile(new Hashtable { ["body.0.conv1.weight"] = torch.tensor(new[] { 1f, float.NaN }) }).ToArray(), "'body.0.conv1.weight' holds a non-finite value (NaN at flat index 1)").SetName("Refuses NaN, naming the tensor");
        yield return new TestCaseData("not a checkpoint"u8.ToArray(), "header length").SetName("Refuses a file that is neither format");
        yield return new TestCaseData(ZipOfZeros(16 << 20), "expands from").SetName("Refuses a zip bomb before inflating it");
        yield return new TestCaseData(PyTorchFile(Nested(20)).ToArray(), "nests its state dict more than 8 wrappers").SetName("Refuses wrappers nested without end instead of overflowing the stack");
    }

    [TestCaseSource(nameof(UnreadableCheckpoints))]
    public void Unreadable_checkpoint(byte[] bytes, string expectedMessage)
    {
        var error = Assert.Throws<InvalidWeightsException>(() => CheckpointImport.ReadStateDict(new MemoryStream(bytes)));
        Assert.That(error!.Message, Does.Contain(expectedMessage));
    }

    /// <summary>BasicSR's EDSR layer names and their official EDSR-PyTorch names, written out by hand.</summary>
    private static readonly Dictionary<string, string> OfficialEdsrNames = new()
    {
        ["conv_first"] = "head.0",
        ["body.0.conv1"] = "body.0.body.0",
        ["body.0.conv2"] = "body.0.body.2",
        ["body.1.conv1"] = "body.1.body.0",
        ["body.1.conv2"] = "body.1.body.2",
        ["conv_after_body"] = "body.2",
        ["upsample.0"] = "tail.0.0",
        ["conv_last"] = "tail.1",
    };

    private static Hashtable Renamed(Dictionary<string, Tensor> state, Func<string, string> rename) =>
        new(state.ToDictionary(pair => rename(pair.Key), pair => pair.Value.detach()));

    // A zip with one deflated entry of zeros: a few kilobytes that would inflate to `length` bytes.
    private static byte[] ZipOfZeros(int length)
    {
        var file = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("archive/data/0", System.IO.Compression.CompressionLevel.Optimal).Open())
        {
            entry.Write(new byte[length]);
        }

        return file.ToArray();
    }

    // A state dict inside `depth` 'state_dict' wrappers; a hostile pickle can nest far deeper, or hold itself.
    private static Hashtable Nested(int depth)
    {
        var checkpoint = new Hashtable { ["w"] = torch.zeros(1) };
        for (var i = 0; i < depth; i++)
        {
            checkpoint = new Hashtable { ["state_dict"] = checkpoint };
        }

        return checkpoint;
    }

    /// <summary>Writes a checkpoint as torch.save would (zip format), through PyBridge's pickler.</summary>
    private static MemoryStream PyTorchFile(IDictionary checkpoint)
    {
        var stream = new MemoryStream();
        PyTorchPickler.PickleStateDict(stream, checkpoint, leaveOpen: true);
        stream.Position = 0;
        return stream;
    }
}
