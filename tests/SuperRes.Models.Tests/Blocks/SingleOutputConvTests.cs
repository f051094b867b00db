using NUnit.Framework;
using SuperRes.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Blocks;

public class SingleOutputConvTests
{
    // The references are LibTorch's own convolutions, which oneDNN computed wrongly at full width on one of our
    // machines; OneDnnSetUp holds it to SSE4.1 before any of these run.
    [TestCase(32, 5, true, SingleOutputConv.StripElements)]
    [TestCase(64, 3, false, SingleOutputConv.StripElements)]
    [TestCase(6, 5, true, 300)]
    [TestCase(1, 9, true, 50)]
    public void EqualsPyTorchsConvolutionAndItsGradients(int inChannels, int kernel, bool bias, long stripElements)
    {
        const int outChannels = 1;
        using var scope = NewDisposeScope();
        manual_seed((inChannels * 10) + kernel);
        using var conv = new SingleOutputConv(inChannels, kernel, bias, stripElements);
        using var reference = nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: bias);
        using (no_grad())
        {
            reference.weight!.copy_(conv.Weight);
            reference.bias?.copy_(conv.Bias!);
        }

        var input = randn(2, inChannels, 13, 11).requires_grad_();
        var target = randn(2, outChannels, 13, 11);

        var expected = reference.call(input);
        var (expectedInput, expectedWeight) = Gradients(expected, reference.weight!);
        var actual = conv.call(input);
        var (actualInput, actualWeight) = Gradients(actual, conv.Weight);

        Assert.That(actual.shape, Is.EqualTo(expected.shape));
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThan(1e-4f));
        Assert.That(actualInput, Is.EqualTo(expectedInput).Within(1e-3f), "input gradient");
        Assert.That(actualWeight, Is.EqualTo(expectedWeight).Within(1e-3f), "weight gradient");

        (float[] Input, float[] Weight) Gradients(Tensor output, Tensor weight)
        {
            input.grad?.zero_();
            (output * target).sum().backward();
            return (input.grad!.data<float>().ToArray(), weight.grad!.data<float>().ToArray());
        }
    }

    [Test]
    public void StateDictKeysArePyTorchsConv2d()
    {
        using var withBias = new SingleOutputConv(32, 5);
        using var withoutBias = new SingleOutputConv(64, 3, bias: false);
        Assert.That(withBias.state_dict().Keys, Is.EquivalentTo(new[] { "weight", "bias" }));
        Assert.That(withBias.Weight.shape, Is.EqualTo(new long[] { 1, 32, 5, 5 }));
        Assert.That(withoutBias.state_dict().Keys, Is.EquivalentTo(new[] { "weight" }));
    }
}
