using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Models;
using SuperRes.Training.Data;
using SuperRes.Training.Degradations;

namespace SuperRes.Training.Tests;

public class PatchSamplerTests
{
    // Odd sizes, so that modcrop has work to do.
    private static readonly PlanarImage[] Images = [TestImages.Pattern(41, 37, 1), TestImages.Pattern(50, 44, 2), TestImages.Pattern(35, 47, 3)];

    [TestCase(ColorMode.Rgb)]
    [TestCase(ColorMode.Y)]
    public void EveryPatchIsCutFromTheProtocolsPair(ColorMode colorMode)
    {
        const int scale = 3, patch = 6;
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [scale], ColorMode = colorMode });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = patch, BatchSize = 8, Augment = false, Seed = 7 });
        var batch = sampler.Sample(0);
        var channels = colorMode == ColorMode.Y ? 1 : 3;
        Assert.That((batch.Channels, batch.InputSize, batch.TargetSize), Is.EqualTo((channels, patch, patch * scale)));
        for (var n = 0; n < batch.Count; n++)
        {
            var location = batch.Patches[n];

            // The independent path: the evaluation protocol's pair of the whole image, then crops.
            var pair = EvaluationPairs.Create(Images[location.Image], scale);
            var low = Channels(pair.LowResolution.Crop(location.X, location.Y, patch, patch), colorMode);
            var high = Channels(pair.HighResolution.Crop(location.X * scale, location.Y * scale, patch * scale, patch * scale), colorMode);
            for (var c = 0; c < channels; c++)
            {
                Assert.That(Slice(batch.Inputs, n, c, channels, patch), Is.EqualTo(low.GetPlane(c).ToArray()), $"input patch {n}, channel {c}");
                Assert.That(Slice(batch.Targets, n, c, channels, patch * scale), Is.EqualTo(high.GetPlane(c).ToArray()), $"target patch {n}, channel {c}");
            }
        }
    }

    [Test]
    public void AugmentedPatchesStayAligned()
    {
        // With a block-average degradation every LR pixel is exactly the mean of its HR block, a relation
        // that survives a transform only if the same one is applied to both patches.
        const int scale = 2, patch = 5;
        var continuous = Images.Select(i => i.WithLevels(0)).ToArray();
        var dataset = PairDataset.Create(continuous, new PairDatasetOptions { Scales = [scale], ColorMode = ColorMode.Rgb, Degradation = new BlockAverage() });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = patch, BatchSize = 64, Augment = true, Seed = 3 });
        var batch = sampler.Sample(0);
        Assert.That(batch.Patches.Select(p => p.Transform).Distinct().Count(), Is.EqualTo(Dihedral.Count), "64 patches should use all 8 transforms");
        var target = patch * scale;
        for (var n = 0; n < batch.Count; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                var input = Slice(batch.Inputs, n, c, 3, patch);
                var high = Slice(batch.Targets, n, c, 3, target);
                for (var i = 0; i < patch; i++)
                {
                    for (var j = 0; j < patch; j++)
                    {
                        var mean = (high[(2 * i * target) + (2 * j)] + high[(2 * i * target) + (2 * j) + 1] + high[(((2 * i) + 1) * target) + (2 * j)] + high[(((2 * i) + 1) * target) + (2 * j) + 1]) / 4;
                        Assert.That(input[(i * patch) + j], Is.EqualTo(mean).Within(1e-6), $"patch {n} ({batch.Patches[n]}), channel {c}, pixel ({i}, {j})");
                    }
                }
            }
        }
    }

    [Test]
    public void DihedralTransformsAreTheEightSymmetriesOfTheSquare()
    {
        float[] square = [1, 2, 3, 4];
        var results = Enumerable.Range(0, Dihedral.Count).Select(t =>
        {
            var output = new float[4];
            Dihedral.CopyWindow(square, 2, 0, 0, 2, t, output);
            return string.Join(",", output);
        }).ToArray();
        Assert.That(results[0], Is.EqualTo("1,2,3,4"));
        Assert.That(results[1], Is.EqualTo("2,1,4,3"), "horizontal flip");
        Assert.That(results[2], Is.EqualTo("3,4,1,2"), "vertical flip");
        Assert.That(results[4], Is.EqualTo("1,3,2,4"), "transpose");
        Assert.That(results.Distinct().Count(), Is.EqualTo(8));
    }

    [Test]
    public void TheSameSeedGivesTheSameBatches()
    {
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2], Degradation = new DegradationPipeline(new BicubicDownscale(), new GaussianNoise(5)), Seed = 1 });
        var again = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2], Degradation = new DegradationPipeline(new BicubicDownscale(), new GaussianNoise(5)), Seed = 1 });
        var options = new PatchSamplerOptions { PatchSize = 8, BatchSize = 4, Seed = 11 };
        var first = new PatchSampler(dataset, options);
        var second = new PatchSampler(again, options);
        var other = new PatchSampler(dataset, options with { Seed = 12 });
        for (var index = 0; index < 3; index++)
        {
            Assert.That(second.Sample(index).Inputs, Is.EqualTo(first.Sample(index).Inputs));
            Assert.That(second.Sample(index).Targets, Is.EqualTo(first.Sample(index).Targets));
            Assert.That(other.Sample(index).Inputs, Is.Not.EqualTo(first.Sample(index).Inputs));
        }

        Assert.That(first.Sample(1).Inputs, Is.Not.EqualTo(first.Sample(0).Inputs));
    }

    [Test]
    public void TheLoaderDeliversTheSamplersBatchesInOrderFromAnyStart()
    {
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2] });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 2, Seed = 5 });
        using var loader = new BatchLoader(sampler, firstBatch: 4, capacity: 2);
        for (var index = 4; index < 10; index++)
        {
            Assert.That(loader.Next().Patches, Is.EqualTo(sampler.Sample(index).Patches));
        }
    }

    [Test]
    public void PreUpsampledBatchesMixScalesAndHaveTheInputAtTargetSize()
    {
        const int patch = 12;
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2, 3, 4], PreUpsampled = true });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = patch, BatchSize = 32, Augment = false, Seed = 2 });
        var batch = sampler.Sample(0);
        Assert.That((batch.InputSize, batch.TargetSize), Is.EqualTo((patch, patch)));
        Assert.That(batch.Patches.Select(p => p.Scale).Distinct().Order(), Is.EqualTo(new[] { 2, 3, 4 }));

        // The input is the whole LR image's MATLAB bicubic enlargement, as the resolver gives it to VDSR.
        var location = batch.Patches[0];
        var pair = EvaluationPairs.Create(Images[location.Image], location.Scale);
        var enlarged = YCbCr.Luma(pair.LowResolution.WithLevels(0)).Resize(location.Scale);
        Assert.That(Slice(batch.Inputs, 0, 0, 1, patch), Is.EqualTo(enlarged.Crop(location.X, location.Y, patch, patch).GetPlane(0).ToArray()));
        Assert.That(enlarged.Width, Is.EqualTo(pair.HighResolution.Width));
    }

    [Test]
    public void ImagesTooSmallForAPatchAreNeverDrawn()
    {
        var dataset = PairDataset.Create([TestImages.Pattern(20, 20, 1), TestImages.Pattern(60, 60, 2)], new PairDatasetOptions { Scales = [2] });
        var sampler = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 16, BatchSize = 16, Seed = 1 });
        Assert.That(sampler.Sample(0).Patches.Select(p => p.Image), Is.All.EqualTo(1));
        Assert.Throws<ArgumentException>(() => new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 31 }));
    }

    [Test]
    public void PatchesFlatterThanTheMinimumDeviationAreDrawnAgain()
    {
        // Image 0 is one grey level, so every patch of it has deviation 0; the pattern's patches are well above 0.01.
        var dataset = PairDataset.Create([Flat(60, 60), TestImages.Pattern(60, 60, 2)], new PairDatasetOptions { Scales = [2] });

        var every = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 64, Seed = 3 }).Sample(0);
        var detailed = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 64, Seed = 3, MinimumDeviation = 0.01 }).Sample(0);

        Assert.That(every.Patches.Select(p => p.Image), Has.Some.EqualTo(0));
        Assert.That(detailed.Patches.Select(p => p.Image), Is.All.EqualTo(1));
        for (var n = 0; n < detailed.Count; n++)
        {
            var values = Slice(detailed.Inputs, n, 0, 1, 8);
            var mean = values.Average();
            Assert.That(Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), Is.GreaterThanOrEqualTo(0.01), $"patch {n}");
        }
    }

    [Test]
    public void ASetOfOnlyFlatPatchesStillGivesBatches()
    {
        var dataset = PairDataset.Create([Flat(60, 60)], new PairDatasetOptions { Scales = [2] });

        var batch = new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, BatchSize = 4, MinimumDeviation = 0.01 }).Sample(0);

        Assert.That(batch.Inputs, Has.Length.EqualTo(4 * 8 * 8).And.All.EqualTo(batch.Inputs[0]));
    }

    [TestCase(-0.01)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void AMinimumDeviationThatIsNotAFiniteNonNegativeNumberIsRefused(double minimum)
    {
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2] });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = 8, MinimumDeviation = minimum }));

        Assert.That(error!.Message, Does.Contain("minimum patch deviation"));
    }

    [TestCase(0, 16, "got 0 and 16")]
    [TestCase(8, -1, "got 8 and -1")]
    public void APatchOrBatchSizeBelowOneIsRefusedWithBothValues(int patchSize, int batchSize, string values)
    {
        var dataset = PairDataset.Create(Images, new PairDatasetOptions { Scales = [2] });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PatchSampler(dataset, new PatchSamplerOptions { PatchSize = patchSize, BatchSize = batchSize }));

        Assert.That(error!.Message, Does.Contain("PatchSize and BatchSize must be at least 1; " + values));
    }

    private static PlanarImage Flat(int width, int height)
    {
        var image = new PlanarImage(width, height, 3, levels: 255);
        for (var p = 0; p < 3; p++)
        {
            image.GetPlane(p).Fill(128 / 255f);
        }

        return image;
    }

    private static float[] Slice(float[] values, int n, int c, int channels, int size) =>
        values.AsSpan(((n * channels) + c) * size * size, size * size).ToArray();

    private static PlanarImage Channels(PlanarImage image, ColorMode mode) =>
        mode == ColorMode.Y ? YCbCr.Luma(image.WithLevels(0)) : image.WithLevels(0);

    /// <summary>Each LR pixel is the exact mean of its HR block.</summary>
    private sealed class BlockAverage : IDegradation
    {
        public PlanarImage Apply(PlanarImage image, int scale, Random random)
        {
            var result = new PlanarImage(image.Width / scale, image.Height / scale, image.ColorPlanes);
            for (var p = 0; p < image.ColorPlanes; p++)
            {
                var source = image.GetPlane(p);
                var target = result.GetPlane(p);
                for (var i = 0; i < target.Length; i++)
                {
                    int x = i % result.Width, y = i / result.Width;
                    var sum = 0f;
                    for (var k = 0; k < scale * scale; k++)
                    {
                        sum += source[(((y * scale) + (k / scale)) * image.Width) + (x * scale) + (k % scale)];
                    }

                    target[i] = sum / (scale * scale);
                }
            }

            return result;
        }
    }
}
