using NUnit.Framework;
using SuperRes.Models.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Blocks;

public class TransposedConvUpsampleTests
{
    // The references are LibTorch's own convolutions, which oneDNN computed wrongly at full width on one of our
    // machines; OneDnnSetUp holds it to SSE4.1 before any of these run.
    [Test]
    public void OutputIsExactlyScaleTimesTheInput(
        [Values(1, 2, 3, 4, 5)] int scale,
        [Values(1, 3, 9)] int kernel)
    {
        using var scope = NewDisposeScope();
        using var upsample = new TransposedConvUpsample(2, 3, kernel, scale);

        var output = upsample.call(randn(1, 2, 5, 7));

        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 3, 5 * scale, 7 * scale }));
    }

    [Test]
    public void PhaseConvolutionEqualsPyTorchsTransposedConvolutionAndItsGradients(
        [Values(1, 2, 3, 4, 8)] int scale,
        [Values(1, 3, 5, 9)] int kernel)
    {
        using var scope = NewDisposeScope();
        manual_seed((scale * 10) + kernel);
        using var upsample = new TransposedConvUpsample(3, 2, kernel, scale);
        var input = randn(2, 3, 6, 5).requires_grad_();
        var target = randn(2, 2, 6 * scale, 5 * scale);
        var (padding, outputPadding) = TransposedConvUpsample.Padding(kernel, scale);

        using var reference = nn.ConvTranspose2d(3, 2, kernel, scale, padding, outputPadding);
        using (no_grad())
        {
            reference.weight!.copy_(upsample.Weight);
            reference.bias!.copy_(upsample.Bias);
        }

        var expected = reference.call(input);
        var (expectedInput, expectedWeight, expectedBias) = Gradients(expected, reference.weight!, reference.bias!);
        var actual = upsample.call(input);
        var (actualInput, actualWeight, actualBias) = Gradients(actual, upsample.Weight, upsample.Bias);

        Assert.That(actual.shape, Is.EqualTo(expected.shape));
        Assert.That((actual - expected).abs().max().item<float>(), Is.LessThan(1e-5f));
        Assert.That(actualInput, Is.EqualTo(expectedInput).Within(1e-4f), "input gradient");
        Assert.That(actualWeight, Is.EqualTo(expectedWeight).Within(1e-4f), "weight gradient");
        Assert.That(actualBias, Is.EqualTo(expectedBias).Within(1e-3f), "bias gradient: a sum over every output pixel");

        (float[] Input, float[] Weight, float[] Bias) Gradients(Tensor output, Tensor weight, Tensor bias)
        {
            input.grad?.zero_();
            (output * target).sum().backward();
            return (input.grad!.data<float>().ToArray(), weight.grad!.data<float>().ToArray(), bias.grad!.data<float>().ToArray());
        }
    }

    [Test]
    public void StateDictKeysArePyTorchsConvTranspose2d()
    {
        using var upsample = new TransposedConvUpsample(56, 1, 9, 3);
        Assert.That(upsample.state_dict().Keys, Is.EquivalentTo(new[] { "weight", "bias" }));
        Assert.That(upsample.Weight.shape, Is.EqualTo(new long[] { 56, 1, 9, 9 }));
    }

    [TestCase(9, 2, 4, 1)]
    [TestCase(9, 3, 4, 2)]
    [TestCase(9, 4, 4, 3)]
    [TestCase(3, 2, 1, 1)]
    public void PaddingCentresTheKernel(int kernel, int scale, int padding, int outputPadding)
    {
        Assert.That(TransposedConvUpsample.Padding(kernel, scale), Is.EqualTo((padding, outputPadding)));
    }

    [Test]
    public void EvenKernelsFailNamingTheKernel()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TransposedConvUpsample.Padding(4, 2));
        Assert.That(error!.Message, Does.Contain("odd").And.Contain("4"));
    }

    [TestCase(2, 5)]
    [TestCase(3, 3)]
    [TestCase(3, 9)]
    public void EqualsZeroInsertionFollowedByConvolutionWithTheFlippedKernel(int scale, int kernel)
    {
        using var scope = NewDisposeScope();
        const int inChannels = 2, outChannels = 2, height = 3, width = 4;
        using var upsample = new TransposedConvUpsample(inChannels, outChannels, kernel, scale);
        var input = randn(1, inChannels, height, width);
        var output = upsample.call(input).data<float>().ToArray();

        var x = input.data<float>().ToArray();
        var weight = upsample.Weight.data<float>().ToArray(); // [in, out, k, k]
        var bias = upsample.Bias.data<float>().ToArray();
        var (padding, outputPadding) = TransposedConvUpsample.Padding(kernel, scale);

        // Put s - 1 zeros between input pixels, pad k - 1 - p before and k - 1 - p + output_padding after.
        var before = kernel - 1 - padding;
        int zh = ((height - 1) * scale) + 1 + (2 * before) + outputPadding;
        int zw = ((width - 1) * scale) + 1 + (2 * before) + outputPadding;
        var z = new double[inChannels, zh, zw];
        for (var c = 0; c < inChannels; c++)
        {
            for (var h = 0; h < height; h++)
            {
                for (var w = 0; w < width; w++)
                {
                    z[c, before + (h * scale), before + (w * scale)] = x[(((c * height) + h) * width) + w];
                }
            }
        }

        int outHeight = height * scale, outWidth = width * scale;
        for (var o = 0; o < outChannels; o++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var xo = 0; xo < outWidth; xo++)
                {
                    double sum = bias[o];
                    for (var c = 0; c < inChannels; c++)
                    {
                        for (var u = 0; u < kernel; u++)
                        {
                            for (var v = 0; v < kernel; v++)
                            {
                                // The ordinary convolution's kernel is the transposed one flipped in both axes.
                                var flipped = weight[(((((c * outChannels) + o) * kernel) + (kernel - 1 - u)) * kernel) + (kernel - 1 - v)];
                                sum += z[c, y + u, xo + v] * flipped;
                            }
                        }
                    }

                    Assert.That(output[(((o * outHeight) + y) * outWidth) + xo], Is.EqualTo(sum).Within(1e-5), $"o={o} y={y} x={xo}");
                }
            }
        }
    }
}
