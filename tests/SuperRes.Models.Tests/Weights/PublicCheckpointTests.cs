using NUnit.Framework;
using SuperRes.Models.Weights;
using SuperRes.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Weights;

/// <summary>Imports the real public checkpoints staged in ../shared/peers/pytorch_weights (see its SOURCES.md).</summary>
public sealed class PublicCheckpointTests
{
    [Test]
    public void Lornatang_SRCNN_zip_checkpoint_imports_with_its_documented_keys()
    {
        var path = SharedData.Require("peers/pytorch_weights/Lornatang_SRCNN-PyTorch/srcnn_x3.pth");

        var tensors = CheckpointImport.ReadStateDict(path);
        var network = new TinySrcnn(scale: 3, features: 64, mapped: 32, kernel1: 9, kernel3: 5);
        network.ImportCheckpoint(path);

        // SRCNN 9-1-5 on the Y channel, as SOURCES.md lists it.
        Assert.That(tensors.ToDictionary(pair => pair.Key, pair => pair.Value.shape), Is.EquivalentTo(new Dictionary<string, long[]>
        {
            ["features.0.weight"] = [64, 1, 9, 9],
            ["features.0.bias"] = [64],
            ["map.0.weight"] = [32, 64, 1, 1],
            ["map.0.bias"] = [32],
            ["reconstruction.weight"] = [1, 32, 5, 5],
            ["reconstruction.bias"] = [1],
        }));
        Assert.That(tensors.Values.Sum(t => t.numel()), Is.EqualTo(8_129));
        AssertFiniteAndNotAllZero(tensors);
        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(tensors.ToDictionary(pair => pair.Key, pair => TestNetworks.Bits(pair.Value))));
    }

    [Test]
    public void Twtygqyy_VDSR_derived_safetensors_imports_with_its_documented_keys()
    {
        var path = SharedData.Require("peers/pytorch_weights/twtygqyy_pytorch-vdsr/model_epoch_50.derived.safetensors");

        var tensors = CheckpointImport.ReadStateDict(path);
        var network = new TwtygqyyVdsr();
        network.ImportCheckpoint(path);

        // 20 bias-free convolutions: 1 -> 64, eighteen 64 -> 64, 64 -> 1.
        var expected = new Dictionary<string, long[]> { ["input.weight"] = [64, 1, 3, 3], ["output.weight"] = [1, 64, 3, 3] };
        for (var i = 0; i < 18; i++)
        {
            expected[$"residual_layer.{i}.conv.weight"] = [64, 64, 3, 3];
        }

        Assert.That(tensors.ToDictionary(pair => pair.Key, pair => pair.Value.shape), Is.EquivalentTo(expected));
        Assert.That(tensors.Values.Sum(t => t.numel()), Is.EqualTo(664_704));
        AssertFiniteAndNotAllZero(tensors);
        Assert.That(TestNetworks.StateBits(network), Is.EqualTo(tensors.ToDictionary(pair => pair.Key, pair => TestNetworks.Bits(pair.Value))));
    }

    [Test]
    public void Twtygqyy_VDSR_legacy_pickle_is_refused_with_advice()
    {
        // A pre-1.6 pickle of a whole model object: the reason the derived safetensors exists.
        var path = SharedData.Require("peers/pytorch_weights/twtygqyy_pytorch-vdsr/model_epoch_50.pth");

        var error = Assert.Throws<InvalidWeightsException>(() => new TwtygqyyVdsr().ImportCheckpoint(path));

        Assert.That(error!.Message, Does.Contain("legacy (pre-1.6) PyTorch pickle").And.Contain("safetensors"));
    }

    private static void AssertFiniteAndNotAllZero(Dictionary<string, Tensor> tensors)
    {
        foreach (var (name, tensor) in tensors)
        {
            Assert.That(torch.isfinite(tensor).all().item<bool>(), Is.True, name);
            Assert.That(tensor.abs().max().item<float>(), Is.GreaterThan(0f), $"{name} holds trained values");
        }
    }
}
