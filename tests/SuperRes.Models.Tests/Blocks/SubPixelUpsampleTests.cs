using NUnit.Framework;
using SuperRes.Models.Blocks;
using SuperRes.Models.Tests.Architectures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Blocks;

public class SubPixelUpsampleTests
{
    [TestCase(2, new[] { 2 })]
    [TestCase(3, new[] { 3 })]
    [TestCase(4, new[] { 2, 2 })]
    [TestCase(8, new[] { 2, 2, 2 })]
    public void OutputIsScaleTimesTheInputWithBasicSrStages(int scale, int[] stages)
    {
        using var scope = NewDisposeScope();
        using var upsample = new SubPixelUpsample(scale, 4);

        var output = upsample.call(randn(1, 4, 5, 6));

        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 4, 5 * scale, 6 * scale }));
        Assert.That(upsample.StageFactors, Is.EqualTo(stages));

        // BasicSR's Upsample: conv, shuffle per stage, so convolutions sit at even indices.
        var convolutions = upsample.named_children().Where(c => c.module is Conv2d).Select(c => c.name);
        Assert.That(convolutions, Is.EqualTo(stages.Select((_, i) => (2 * i).ToString())));
    }

    [TestCase(5)]
    [TestCase(6)]
    [TestCase(1)]
    public void UnsupportedScalesFailNamingTheScale(int scale)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SubPixelUpsample(scale, 4));
        Assert.That(error!.Message, Does.Contain($"{scale}").And.Contain("powers of two"));
    }

    [TestCase(2)]
    [TestCase(3)]
    public void PixelShuffleFollowsTheIndexMapping(int r)
    {
        using var scope = NewDisposeScope();
        using var upsample = new SubPixelUpsample(r, 2);
        var shuffle = (nn.Module<Tensor, Tensor>)upsample.named_children().Single(c => c.name == "1").module;
        const int channels = 2, height = 3, width = 4;
        var input = randn(1, channels * r * r, height, width);

        var output = shuffle.call(input);

        var x = input.data<float>().ToArray();
        var y = output.data<float>().ToArray();
        int outHeight = height * r, outWidth = width * r;
        for (var c = 0; c < channels; c++)
        {
            for (var h = 0; h < height; h++)
            {
                for (var w = 0; w < width; w++)
                {
                    for (var i = 0; i < r; i++)
                    {
                        for (var j = 0; j < r; j++)
                        {
                            // out[c, h r + i, w r + j] = in[c r^2 + i r + j, h, w]
                            var expected = x[((((c * r * r) + (i * r) + j) * height) + h) * width + w];
                            var actual = y[((((c * outHeight) + (h * r) + i) * outWidth) + (w * r) + j)];
                            Assert.That(actual, Is.EqualTo(expected), $"c={c} h={h} w={w} i={i} j={j}");
                        }
                    }
                }
            }
        }
    }

    [Test]
    public void ConvolutionThenShuffleComputesHandCheckedValues()
    {
        using var scope = NewDisposeScope();
        using var upsample = new SubPixelUpsample(2, 1);
        var conv = (Conv2d)upsample.named_children().Single(c => c.name == "0").module;
        using (no_grad())
        {
            // Sub-channel o multiplies the centre pixel by o + 1; no bias.
            conv.weight!.zero_();
            for (var o = 0; o < 4; o++)
            {
                conv.weight[o, 0, 1, 1] = tensor(o + 1f);
            }

            conv.bias!.zero_();
        }

        var output = upsample.call(tensor(new float[] { 1, 2, 3, 4 }, [1, 1, 2, 2]));

        // Pixel (h, w) with value v becomes [[v, 2v], [3v, 4v]] at rows 2h..2h+1, columns 2w..2w+1.
        float[] expected =
        [
            1, 2, 2, 4,
            3, 4, 6, 8,
            3, 6, 4, 8,
            9, 12, 12, 16,
        ];
        Assert.That(output.data<float>().ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void IcnrMakesEachShuffledBlockConstant()
    {
        using var scope = NewDisposeScope();
        using var upsample = new SubPixelUpsample(3, 3, icnr: true);
        ModuleFacts.ZeroWeights(upsample, name => name.EndsWith("bias", StringComparison.Ordinal));

        var output = upsample.call(randn(1, 3, 5, 5));

        // Nearest-neighbour upsampling of the top-left sub-pixels reproduces the output: no checkerboard.
        var corners = output[.., .., TensorIndex.Slice(step: 3), TensorIndex.Slice(step: 3)];
        var nearest = corners.repeat_interleave(3, 2).repeat_interleave(3, 3);
        Assert.That(output.allclose(nearest, rtol: 0, atol: 1e-6), Is.True);
        Assert.That(output.abs().max().item<float>(), Is.GreaterThan(0));
    }

    [Test]
    public void WithoutIcnrTheShuffledBlocksDiffer()
    {
        using var scope = NewDisposeScope();
        using var upsample = new SubPixelUpsample(2, 3);
        ModuleFacts.ZeroWeights(upsample, name => name.EndsWith("bias", StringComparison.Ordinal));

        var output = upsample.call(randn(1, 3, 5, 5));

        var corners = output[.., .., TensorIndex.Slice(step: 2), TensorIndex.Slice(step: 2)];
        var nearest = corners.repeat_interleave(2, 2).repeat_interleave(2, 3);
        Assert.That(output.allclose(nearest, rtol: 0, atol: 1e-6), Is.False);
    }
}
