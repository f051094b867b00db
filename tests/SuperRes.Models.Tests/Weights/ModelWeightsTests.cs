using NUnit.Framework;
using SuperRes.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Weights;

public sealed class ModelWeightsTests : TemporaryDirectoryTests
{
    [Test]
    public void Save_then_load_is_bit_exact()
    {
        var saved = new TinySrcnn(scale: 3, features: 8, mapped: 4).Randomised(seed: 1);
        var loaded = new TinySrcnn(scale: 3, features: 8, mapped: 4).Randomised(seed: 2);
        var metadata = WeightsMetadata.For(saved, "srcnn") with { TrainingRecipe = "test", BorderPadding = BorderPadding.Mirror, Psnr = new Dictionary<string, double> { ["Set5"] = 32.5 } };
        var path = Path.Combine(Folder, "srcnn_x3.safetensors");

        saved.SaveWeights(path, metadata);
        var read = loaded.LoadWeights(path, "srcnn");

        Assert.That(read, Is.EqualTo(metadata));
        Assert.That(TestNetworks.StateBits(loaded), Is.EqualTo(TestNetworks.StateBits(saved)));
    }

    [Test]
    public void Writing_metadata_keeps_the_weights_and_replaces_the_metadata()
    {
        var saved = new TinySrcnn(scale: 3, features: 8, mapped: 4).Randomised(seed: 1);
        var loaded = new TinySrcnn(scale: 3, features: 8, mapped: 4).Randomised(seed: 2);
        var path = Path.Combine(Folder, "srcnn_x3.safetensors");
        saved.SaveWeights(path, WeightsMetadata.For(saved, "srcnn") with { TrainingRecipe = "trained", Psnr = new Dictionary<string, double> { ["heldout"] = 29.1 } });
        var measured = WeightsMetadata.For(saved, "srcnn") with { TrainingRecipe = "trained", Psnr = new Dictionary<string, double> { ["heldout"] = 29.1, ["Set5"] = 32.75 } };

        ModelWeights.WriteMetadata(path, measured);
        var read = loaded.LoadWeights(path, "srcnn");

        Assert.That(read, Is.EqualTo(measured));
        Assert.That(TestNetworks.StateBits(loaded), Is.EqualTo(TestNetworks.StateBits(saved)));
    }

    [Test]
    public void Metadata_for_another_network_is_not_written_and_the_file_is_left_as_it_was()
    {
        var network = new TinySrcnn(scale: 3, features: 8, mapped: 4).Randomised(seed: 1);
        var path = Path.Combine(Folder, "srcnn_x3.safetensors");
        network.SaveWeights(path, WeightsMetadata.For(network, "srcnn"));
        var before = File.ReadAllBytes(path);

        var otherScale = Assert.Throws<InvalidWeightsException>(() => ModelWeights.WriteMetadata(path, new WeightsMetadata("srcnn", 2, ColorMode.Y)));
        Assert.Throws<InvalidWeightsException>(() => ModelWeights.WriteMetadata(path, new WeightsMetadata("fsrcnn", 3, ColorMode.Y)));
        Assert.Throws<InvalidWeightsException>(() => ModelWeights.WriteMetadata(path, new WeightsMetadata("srcnn", 3, ColorMode.Y) { Variant = "baseline" }));

        Assert.That(otherScale!.Message, Does.Contain("srcnn x3 on Y input").And.Contain("srcnn x2 on Y input"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(Folder), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public void Saves_parameters_and_persistent_buffers_only()
    {
        var network = new TinyEdsr(scale: 2, features: 4, blocks: 2);
        using var stream = new MemoryStream();

        network.SaveWeights(stream, WeightsMetadata.For(network, "edsr"));
        stream.Position = 0;
        using var file = SafeTensorsFile.Read(stream);

        string[] layers = ["conv_first", "body.0.conv1", "body.0.conv2", "body.1.conv1", "body.1.conv2", "conv_after_body", "upsample.0", "conv_last"];
        Assert.That(file.Tensors.Keys, Is.EquivalentTo(layers.SelectMany(layer => new[] { $"{layer}.weight", $"{layer}.bias" })), "the mean buffer is not persistent");
        Assert.That(file.Tensors["upsample.0.weight"].shape, Is.EqualTo(new long[] { 16, 4, 3, 3 }));
    }

    [Test]
    public void Batch_norm_statistics_round_trip_and_its_step_counter_stays_out_of_the_file()
    {
        var options = new SuperRes.Models.Architectures.SrResNetOptions { ResidualBlocks = 1, Features = 4 };
        var saved = new SuperRes.Models.Architectures.SrResNet(2, options).Randomised(seed: 5);
        using (torch.no_grad())
        {
            saved.named_buffers().First(b => b.name.EndsWith("running_var", StringComparison.Ordinal)).buffer.fill_(2.5f);
        }

        var loaded = new SuperRes.Models.Architectures.SrResNet(2, options).Randomised(seed: 6);
        using var stream = new MemoryStream();

        saved.SaveWeights(stream, WeightsMetadata.For(saved, "srresnet"));
        stream.Position = 0;
        using (var file = SafeTensorsFile.Read(stream))
        {
            Assert.That(file.Tensors.Keys, Has.Some.EndsWith("running_var").And.None.EndsWith("num_batches_tracked"));
        }

        stream.Position = 0;
        loaded.LoadWeights(stream, "srresnet");
        Assert.That(TestNetworks.StateBits(loaded), Is.EqualTo(TestNetworks.StateBits(saved)));
    }

    [Test]
    public void Stream_round_trip_is_bit_exact()
    {
        var saved = new TinyEdsr().Randomised(seed: 3);
        var loaded = new TinyEdsr().Randomised(seed: 4);
        using var stream = new MemoryStream();

        saved.SaveWeights(stream, WeightsMetadata.For(saved, "edsr"));
        stream.Position = 0;
        loaded.LoadWeights(stream, "edsr");

        Assert.That(TestNetworks.StateBits(loaded), Is.EqualTo(TestNetworks.StateBits(saved)));
    }

    [Test]
    public void Weights_for_another_architecture_or_scale_are_refused()
    {
        var fsrcnn = new TinySrcnn(scale: 3, features: 2, mapped: 2);
        var path = Path.Combine(Folder, "fsrcnn_x3.safetensors");
        fsrcnn.SaveWeights(path, WeightsMetadata.For(fsrcnn, "fsrcnn"));

        var otherArchitecture = Assert.Throws<InvalidWeightsException>(() => new TinySrcnn(scale: 3, features: 2, mapped: 2).LoadWeights(path, "espcn"));
        var otherScale = Assert.Throws<InvalidWeightsException>(() => new TinySrcnn(scale: 2, features: 2, mapped: 2).LoadWeights(path, "espcn"));

        Assert.That(otherArchitecture!.Message, Is.EqualTo("The weights are for fsrcnn x3, but the network is espcn x3."));
        Assert.That(otherScale!.Message, Is.EqualTo("The weights are for fsrcnn x3, but the network is espcn x2."));
    }

    [Test]
    public void Weights_for_another_colour_mode_are_refused()
    {
        var network = new TinySrcnn(scale: 2, features: 2, mapped: 2);
        var path = Path.Combine(Folder, "srcnn_x2.safetensors");
        SafeTensorsFile.Write(path, network.state_dict(), new WeightsMetadata("srcnn", 2, ColorMode.Rgb).ToStrings());

        var error = Assert.Throws<InvalidWeightsException>(() => network.LoadWeights(path, "srcnn"));

        Assert.That(error!.Message, Is.EqualTo("The weights are for Rgb input, but the network takes Y."));
    }

    [Test]
    public void A_shape_mismatch_is_named_and_leaves_the_network_unchanged()
    {
        var small = new TinyEdsr(features: 4);
        var large = new TinyEdsr(features: 6).Randomised(seed: 5);
        var before = TestNetworks.StateBits(large);
        using var stream = new MemoryStream();
        small.SaveWeights(stream, WeightsMetadata.For(small, "edsr"));
        stream.Position = 0;

        var error = Assert.Throws<InvalidWeightsException>(() => large.LoadWeights(stream, "edsr"));

        Assert.That(error!.Message, Does.Contain("body.1.conv1.weight has shape [4,4,3,3] in the file but [6,6,3,3] in the network"));
        Assert.That(error.Message, Does.Contain("conv_first.weight has shape [4,3,3,3] in the file but [6,3,3,3] in the network"));
        Assert.That(TestNetworks.StateBits(large), Is.EqualTo(before));
    }

    [Test]
    public void Missing_and_unexpected_tensors_are_named()
    {
        var twoBlocks = new TinyEdsr(blocks: 2);
        var threeBlocks = new TinyEdsr(blocks: 3);
        var twoPath = Path.Combine(Folder, "two.safetensors");
        var threePath = Path.Combine(Folder, "three.safetensors");
        twoBlocks.SaveWeights(twoPath, WeightsMetadata.For(twoBlocks, "edsr"));
        threeBlocks.SaveWeights(threePath, WeightsMetadata.For(threeBlocks, "edsr"));

        var missing = Assert.Throws<InvalidWeightsException>(() => threeBlocks.LoadWeights(twoPath, "edsr"));
        var unexpected = Assert.Throws<InvalidWeightsException>(() => twoBlocks.LoadWeights(threePath, "edsr"));

        Assert.That(missing!.Message, Is.EqualTo(
            "The weights do not fit the network: body.2.conv1.weight is missing from the file; body.2.conv1.bias is missing from the file; "
            + "body.2.conv2.weight is missing from the file; body.2.conv2.bias is missing from the file."));
        Assert.That(unexpected!.Message, Is.EqualTo(
            "The weights do not fit the network: body.2.conv1.bias is in the file but not in the network; body.2.conv1.weight is in the file but not in the network; "
            + "body.2.conv2.bias is in the file but not in the network; body.2.conv2.weight is in the file but not in the network."));
    }

    [Test]
    public void A_file_without_our_metadata_is_refused()
    {
        var network = new TinySrcnn(scale: 2, features: 2, mapped: 2);
        var path = Path.Combine(Folder, "bare.safetensors");
        SafeTensorsFile.Write(path, network.state_dict());

        var error = Assert.Throws<InvalidWeightsException>(() => network.LoadWeights(path, "srcnn"));

        Assert.That(error!.Message, Does.Contain("no SuperRes metadata").And.Contain("CheckpointImport"));
    }

    [Test]
    public void Metadata_that_does_not_describe_the_network_is_refused_at_save()
    {
        var network = new TinySrcnn(scale: 2, features: 2, mapped: 2);
        var path = Path.Combine(Folder, "w.safetensors");

        var error = Assert.Throws<ArgumentException>(() => network.SaveWeights(path, new WeightsMetadata("srcnn", 4, ColorMode.Y)));

        Assert.That(error!.Message, Does.Contain("x4 Y weights, but the network is x2 Y"));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void A_failed_save_leaves_the_previous_file_intact()
    {
        var network = new TinySrcnn(scale: 2, features: 2, mapped: 2);
        var path = Path.Combine(Folder, "srcnn_x2.safetensors");
        network.SaveWeights(path, WeightsMetadata.For(network, "srcnn"));
        var previous = File.ReadAllBytes(path);
        using (torch.no_grad())
        {
            network.state_dict()["reconstruction.bias"].fill_(float.NaN);
        }

        var error = Assert.Throws<InvalidWeightsException>(() => network.SaveWeights(path, WeightsMetadata.For(network, "srcnn")));

        Assert.That(error!.Message, Does.Contain("'reconstruction.bias' holds a non-finite value"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
        Assert.That(Directory.GetFiles(Folder), Is.EqualTo(new[] { path }));
    }
}
