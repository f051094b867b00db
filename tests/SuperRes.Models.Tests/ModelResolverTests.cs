using System.Numerics;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Models.Tests.Resolver;
using SuperRes.Testing;
using TorchSharp;
using static TorchSharp.torch;
using Size = SixLabors.ImageSharp.Size;

namespace SuperRes.Models.Tests;

public class ModelResolverTests
{
    [TestCase(ColorMode.Y, false)]
    [TestCase(ColorMode.Rgb, false)]
    [TestCase(ColorMode.Y, true)]
    public void OutputIsScaleTimesTheInputForEveryPixelType(ColorMode colorMode, bool preUpsampled)
    {
        using var network = new TinyNetwork(colorMode, 3, preUpsampled);
        var resolver = new ModelResolver(network);
        using var source = TestImages.Rgba64(7, 5, seed: 1);
        var expected = new Size(21, 15);
        Assert.Multiple(() =>
        {
            Assert.That(UpscaledSize<L8>(resolver, source), Is.EqualTo(expected), nameof(L8));
            Assert.That(UpscaledSize<L16>(resolver, source), Is.EqualTo(expected), nameof(L16));
            Assert.That(UpscaledSize<La16>(resolver, source), Is.EqualTo(expected), nameof(La16));
            Assert.That(UpscaledSize<La32>(resolver, source), Is.EqualTo(expected), nameof(La32));
            Assert.That(UpscaledSize<Rgb24>(resolver, source), Is.EqualTo(expected), nameof(Rgb24));
            Assert.That(UpscaledSize<Rgba32>(resolver, source), Is.EqualTo(expected), nameof(Rgba32));
            Assert.That(UpscaledSize<Bgra32>(resolver, source), Is.EqualTo(expected), nameof(Bgra32));
            Assert.That(UpscaledSize<Rgb48>(resolver, source), Is.EqualTo(expected), nameof(Rgb48));
            Assert.That(UpscaledSize<Rgba64>(resolver, source), Is.EqualTo(expected), nameof(Rgba64));
        });
    }

    [Test]
    public void Rgba64KeepsItsAlphaAsTheBicubicUpscaleOfTheInputAlpha()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 3);
        using var image = TestImages.Rgba64(8, 6, seed: 2);
        using var result = new ModelResolver(network).Upscale(image);
        using var bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 3).Upscale(image);
        var alpha = Pixels(result).Select(p => p.A).ToArray();
        Assert.That(alpha, Is.EqualTo(Pixels(bicubic).Select(p => p.A)));
        Assert.That(alpha.Count(a => a % 257 != 0), Is.GreaterThan(alpha.Length / 2), "alpha should keep 16-bit precision");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void YNetworkRunsOnTheGreyValuesOfAGreyImage(bool preUpsampled)
    {
        using var network = new TinyNetwork(ColorMode.Y, 2, preUpsampled);
        var resolver = new ModelResolver(network);
        using var image = TestImages.Rgba64(9, 7, seed: 3).CloneAs<L8>();
        using var result = resolver.Upscale(image);

        var input = PlanarImage.FromImage(image).WithLevels(0);
        var expected = Forward(network, preUpsampled ? input.Resize(2) : input)
            .Select(v => (byte)Math.Round(v * 255.0, MidpointRounding.AwayFromZero));
        Assert.That(Pixels(result).Select(p => p.PackedValue), Is.EqualTo(expected));
    }

    [Test]
    public void YNetworkKeepsGreyContentOfAColourImageGrey()
    {
        using var network = new TinyNetwork(ColorMode.Y, 2);
        using var image = TestImages.Rgba64(9, 7, seed: 4, grey: true).CloneAs<Rgb24>();
        using var result = new ModelResolver(network).Upscale(image);
        var pixels = Pixels(result);
        var spread = pixels.Max(p => Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)));
        Assert.That(spread, Is.LessThanOrEqualTo(1));
        Assert.That(pixels.Select(p => p.R).Distinct().Count(), Is.GreaterThan(10), "the output should not be flat");
    }

    [Test]
    public void RgbNetworkGivesAGreyImageTheMeanOfItsThreeOutputPlanes()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2);
        var resolver = new ModelResolver(network);
        using var image = TestImages.Rgba64(6, 5, seed: 5).CloneAs<L8>();
        using var result = resolver.Upscale(image);

        var grey = PlanarImage.FromImage(image).GetPlane(0).ToArray();
        var replicated = new PlanarImage(6, 5, 3);
        for (var p = 0; p < 3; p++)
        {
            grey.CopyTo(replicated.GetPlane(p));
        }

        var output = Forward(network, replicated);
        var pixels = output.Length / 3;
        var expected = Enumerable.Range(0, pixels)
            .Select(i => (byte)Math.Round((output[i] + output[pixels + i] + output[(2 * pixels) + i]) / 3 * 255.0, MidpointRounding.AwayFromZero));
        Assert.That(Pixels(result).Select(p => p.PackedValue), Is.EqualTo(expected));
    }

    // Channel values stay in [40, 215] of 255 so that bicubic overshoot never pushes Y outside [0, 1], where the
    // resolver's clamp of the network output would differ from interpolation's per-channel clamp.
    [TestCase(ColorMode.Y)]
    [TestCase(ColorMode.Rgb)]
    public void IdentityAfterBicubicReproducesBicubicInterpolation(ColorMode colorMode)
    {
        Assert.Multiple(() =>
        {
            Assert.That(DifferenceFromBicubic<Rgb24>(colorMode), Is.LessThanOrEqualTo(1), "8-bit");

            // Rounding to 8 bits anywhere on the way would cost up to 128 levels of 65535.
            Assert.That(DifferenceFromBicubic<Rgb48>(colorMode), Is.LessThanOrEqualTo(1), "16-bit");
        });
    }

    [TestCase(2f, 1f)]
    [TestCase(-2f, 0f)]
    public void NetworkOutputIsClampedToTheUnitRange(float bias, float expected)
    {
        using var network = new AffineNetwork(ColorMode.Rgb, 2, bias: bias);
        var result = new ModelResolver(network).Upscale(TestImages.Planes(5, 4, 3, seed: 8));
        for (var p = 0; p < 3; p++)
        {
            Assert.That(result.GetPlane(p).ToArray(), Is.All.EqualTo(expected));
        }
    }

    // 23 x 17 input pixels (46 x 34 after pre-upsampling) in tiles of 11 or 13 whose cores of 5 divide neither side.
    [TestCase(ColorMode.Y, false, 11, null)]
    [TestCase(ColorMode.Rgb, false, 11, null)]
    [TestCase(ColorMode.Y, true, 11, null)]
    [TestCase(ColorMode.Rgb, false, 13, 4)]
    public void TiledOutputEqualsUntiledOutputWhenTheOverlapCoversTheReceptiveField(ColorMode colorMode, bool preUpsampled, int tileSize, int? overlap)
    {
        using var network = new TinyNetwork(colorMode, 2, preUpsampled);
        var image = TestImages.Planes(23, 17, 3, seed: 9);
        var whole = new ModelResolver(network).Upscale(image);
        var tiles = 0;
        var tiled = new ModelResolver(network, new ModelResolverOptions { TileSize = tileSize, TileOverlap = overlap })
            .Upscale(image, new SynchronousProgress<TileProgress>(_ => tiles++));
        Assert.That(tiles, Is.GreaterThan(1));
        Assert.That(MaxDifference(tiled, whole), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void RgbImagesGetTheSamePixelsAsThroughPlanes([Values] bool sixteenBit, [Values(null, 11)] int? tileSize)
    {
        // An RGB network writes RGB images' tiles straight into the output pixels; the planar path is the reference.
        using var network = new TinyNetwork(ColorMode.Rgb, 3);
        var resolver = new ModelResolver(network, new ModelResolverOptions { TileSize = tileSize });
        using var source = TestImages.Rgba64(23, 17, seed: 4);
        Assert.That(sixteenBit ? SamePixels<Rgb48>(resolver, source) : SamePixels<Rgb24>(resolver, source), Is.True);
    }

    // Every output pixel of a constant image sees the same constant neighbourhood when the border is mirrored, so
    // the output is constant (for networks that enlarge inside, constant at each of the scale x scale sub-pixel
    // positions); with zero padding the pixels near the edges see zeros and differ from the rest.
    [TestCase(ColorMode.Y, false)]
    [TestCase(ColorMode.Rgb, false)]
    [TestCase(ColorMode.Y, true)]
    public void MirroredBordersKeepAConstantImageConstant(ColorMode colorMode, bool preUpsampled)
    {
        using var network = new TinyNetwork(colorMode, 2, preUpsampled, seed: 3);
        var image = new PlanarImage(9, 7, colorMode == ColorMode.Y ? 1 : 3);
        for (var p = 0; p < image.ColorPlanes; p++)
        {
            image.GetPlane(p).Fill(0.3f);
        }

        var mirrored = new ModelResolver(network, new ModelResolverOptions { BorderPadding = BorderPadding.Mirror }).Upscale(image);
        var zeros = new ModelResolver(network).Upscale(image);
        var period = preUpsampled ? 1 : 2;
        Assert.That(Spread(mirrored, period), Is.LessThanOrEqualTo(1e-6));
        Assert.That(Spread(zeros, period), Is.GreaterThan(1e-3));
    }

    // The expectation is built by hand: the input extended by the receptive radius with its own pixels in reverse
    // order (edge included), through the network, the extension cut off. Pre-upsampled networks are extended after
    // the bicubic enlargement, as they see it. Tiles of 11 (cores of 5) must give the same.
    [TestCase(false, null)]
    [TestCase(true, null)]
    [TestCase(false, 11)]
    [TestCase(true, 11)]
    public void MirroredBordersAreTheNetworkOnTheImageExtendedByItsMirrorImage(bool preUpsampled, int? tileSize)
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2, preUpsampled, seed: 5);
        var image = TestImages.Planes(8, 7, 3, seed: 2);
        var seen = preUpsampled ? image.Resize(2) : image;
        var radius = network.ReceptiveRadius;
        var extended = new PlanarImage(seen.Width + (2 * radius), seen.Height + (2 * radius), 3);
        static int Reflect(int i, int n) => i < 0 ? -i - 1 : i >= n ? (2 * n) - i - 1 : i;
        for (var p = 0; p < 3; p++)
        {
            for (var y = 0; y < extended.Height; y++)
            {
                for (var x = 0; x < extended.Width; x++)
                {
                    extended.GetPlane(p)[(y * extended.Width) + x] = seen.GetPlane(p)[(Reflect(y - radius, seen.Height) * seen.Width) + Reflect(x - radius, seen.Width)];
                }
            }
        }

        var full = Forward(network, extended);
        var factor = preUpsampled ? 1 : 2;
        int fullWidth = extended.Width * factor, fullHeight = extended.Height * factor, cut = radius * factor;
        var result = new ModelResolver(network, new ModelResolverOptions { BorderPadding = BorderPadding.Mirror, TileSize = tileSize }).Upscale(image);
        var expected = new PlanarImage(result.Width, result.Height, 3);
        for (var p = 0; p < 3; p++)
        {
            for (var y = 0; y < result.Height; y++)
            {
                for (var x = 0; x < result.Width; x++)
                {
                    expected.GetPlane(p)[(y * result.Width) + x] = full[(((p * fullHeight) + y + cut) * fullWidth) + x + cut];
                }
            }
        }

        Assert.That(MaxDifference(result, expected), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void TilesWithoutOverlapDifferFromTheUntiledOutput()
    {
        // The control for the test above: it can tell tiles that miss context from tiles that have it.
        using var network = new TinyNetwork(ColorMode.Rgb, 2);
        var image = TestImages.Planes(23, 17, 3, seed: 9);
        var whole = new ModelResolver(network).Upscale(image);
        var tiled = new ModelResolver(network, new ModelResolverOptions { TileSize = 5, TileOverlap = 0 }).Upscale(image);
        Assert.That(MaxDifference(tiled, whole), Is.GreaterThan(1e-3));
    }

    [Test]
    public void ProgressIsReportedAfterEveryTile()
    {
        using var network = new TinyNetwork(ColorMode.Y, 2);
        var resolver = new ModelResolver(network, new ModelResolverOptions { TileSize = 11 });
        var reports = new List<TileProgress>();
        resolver.Upscale(TestImages.Planes(23, 17, 1, seed: 10), new SynchronousProgress<TileProgress>(reports.Add));

        // Cores of 11 - 2 x 3 = 5 pixels: 5 columns by 4 rows.
        Assert.That(reports, Is.EqualTo(Enumerable.Range(1, 20).Select(done => new TileProgress(done, 20))));
    }

    [Test]
    public void PackedPixelsWithoutAlphaComeOutAsTheirEightBitUpscaleDoes()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2);
        var resolver = new ModelResolver(network);
        using var packed = TestImages.Rgba64(9, 7, seed: 12).CloneAs<Bgr565>();
        using var eightBit = packed.CloneAs<Rgb24>();

        using var fromPacked = resolver.Upscale(packed);
        using var fromEightBit = resolver.Upscale(eightBit);

        // Bgr565 holds 31 or 63 steps a channel: its result may round one step away from the 8-bit one, never further.
        var largest = 0f;
        var lit = 0;
        for (var y = 0; y < fromPacked.Height; y++)
        {
            for (var x = 0; x < fromPacked.Width; x++)
            {
                var difference = Vector4.Abs(fromPacked[x, y].ToVector4() - fromEightBit[x, y].ToVector4());
                largest = Math.Max(largest, Math.Max(difference.X, Math.Max(difference.Y, difference.Z)));
                lit += fromEightBit[x, y].R + fromEightBit[x, y].G + fromEightBit[x, y].B > 30 ? 1 : 0;
            }
        }

        Assert.That(largest, Is.LessThanOrEqualTo((1f / 31) + (2f / 255)));
        Assert.That(lit, Is.GreaterThan(fromPacked.Width * fromPacked.Height / 4), "the comparison is not between two black images");
    }

    [Test]
    public void CancellingAfterTheFirstTileStopsBeforeTheSecond()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2);
        var resolver = new ModelResolver(network, new ModelResolverOptions { TileSize = 11 });
        using var image = TestImages.Rgba64(20, 20, seed: 11).CloneAs<Rgb24>();
        using var cancellation = new CancellationTokenSource();
        var reports = new List<TileProgress>();
        var progress = new SynchronousProgress<TileProgress>(report =>
        {
            reports.Add(report);
            cancellation.Cancel();
        });

        Assert.That(() => resolver.Upscale(image, progress, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(reports, Is.EqualTo(new[] { new TileProgress(1, 16) }));
    }

    [Test]
    public void ConcurrentCallersGetTheSameBitsAsSerialCalls()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2);
        var resolver = new ModelResolver(network, new ModelResolverOptions { TileSize = 9 });
        var images = Enumerable.Range(0, 4).Select(i => TestImages.Planes(15, 12, 3, seed: 20 + i)).ToArray();
        var serial = images.Select(image => resolver.Upscale(image)).ToArray();

        var mismatches = Concurrently.Run(images.Length, i =>
            Enumerable.Range(0, 3).All(_ => MaxDifference(resolver.Upscale(images[i]), serial[i]) == 0) ? null : "differs from the serial result");
        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void AutoRunsOnTheCpuWhereThereIsNoCuda()
    {
        Assume.That(cuda.is_available(), Is.False, "this machine has CUDA");
        using var network = new TinyNetwork(ColorMode.Y, 2);
        var resolver = new ModelResolver(network, new ModelResolverOptions { Device = ComputeDevice.Auto });
        Assert.That(resolver.Device, Is.EqualTo(ComputeDevice.Cpu));
        Assert.That(network.parameters().Select(p => p.device_type), Is.All.EqualTo(DeviceType.CPU));
    }

    [Test]
    public void CudaWhereThereIsNoneFailsAtConstruction()
    {
        Assume.That(cuda.is_available(), Is.False, "this machine has CUDA");
        using var network = new TinyNetwork(ColorMode.Y, 2);
        Assert.That(
            () => new ModelResolver(network, new ModelResolverOptions { Device = ComputeDevice.Cuda }),
            Throws.InvalidOperationException.With.Message.StartsWith("CUDA was requested but is not available: "));
    }

    [Test]
    public void ThreadsSetsLibTorchsProcessWideThreadCount()
    {
        var before = get_num_threads();
        try
        {
            using var network = new TinyNetwork(ColorMode.Y, 2);
            _ = new ModelResolver(network, new ModelResolverOptions { Threads = before + 1 });
            Assert.That(get_num_threads(), Is.EqualTo(before + 1));
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Test]
    public void ArgumentsAreChecked()
    {
        using var network = new TinyNetwork(ColorMode.Y, 2);
        var resolver = new ModelResolver(network);
        Assert.Multiple(() =>
        {
            Assert.That(() => new ModelResolver(null!), Throws.ArgumentNullException);
            Assert.That(() => resolver.Upscale((Image<Rgb24>)null!), Throws.ArgumentNullException);
            Assert.That(() => resolver.Upscale((PlanarImage)null!), Throws.ArgumentNullException);
            Assert.That(() => Options(new() { TileSize = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Options(new() { TileOverlap = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Options(new() { Threads = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Options(new() { Device = (ComputeDevice)42 }), Throws.TypeOf<ArgumentOutOfRangeException>());

            // The network's receptive radius of 3 is the default overlap: a tile needs 2 x 3 + 1 pixels.
            Assert.That(() => Options(new() { TileSize = 6 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("at least 7"));
            Assert.That(() => Options(new() { TileSize = 7 }), Throws.Nothing);
            Assert.That(() => Options(new() { TileSize = 3, TileOverlap = 1 }), Throws.Nothing);
        });

        ModelResolver Options(ModelResolverOptions options) => new(network, options);
    }

    private static Size UpscaledSize<TPixel>(ISuperResolver resolver, Image<Rgba64> source)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = source.CloneAs<TPixel>();
        using var result = resolver.Upscale(image);
        return result.Size();
    }

    /// <summary>How far, in levels, a resolver with an identity network after bicubic is from bicubic interpolation on a random image.</summary>
    private static int DifferenceFromBicubic<TPixel>(ColorMode colorMode)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var network = new AffineNetwork(colorMode, 3);
        using var image = TestImages.Rgba64(13, 11, seed: 6, min: 40 * 257, max: 215 * 257).CloneAs<TPixel>();
        using var result = new ModelResolver(network).Upscale(image);
        using var bicubic = new InterpolationResolver(InterpolationMethod.Bicubic, 3).Upscale(image);
        return MaxChannelDifference(result, bicubic);
    }

    /// <summary>Runs the network directly on whole planes: the expectation the resolver's pipeline must meet.</summary>
    /// <summary>The network's output planes for <paramref name="input"/>, one after another, clamped to [0, 1] unless <paramref name="clamp"/> is false.</summary>
    internal static float[] Forward(SuperResolutionNetwork network, PlanarImage input, bool clamp = true)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = network.call(input.ToTensor());
        return (clamp ? output.clamp(0, 1) : output).data<float>().ToArray();
    }

    private static List<TPixel> Pixels<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var pixels = new List<TPixel>(image.Width * image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                pixels.Add(image[x, y]);
            }
        }

        return pixels;
    }

    /// <summary>The largest difference of any RGB channel, in levels of the pixel type.</summary>
    private static int MaxChannelDifference<TPixel>(Image<TPixel> a, Image<TPixel> b)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        Assert.That(a.Size(), Is.EqualTo(b.Size()));
        var step = 65535 / PixelFormatInfo.Of<TPixel>().Levels;
        using var wideA = a.CloneAs<Rgba64>();
        using var wideB = b.CloneAs<Rgba64>();
        return Pixels(wideA).Zip(Pixels(wideB))
            .Max(pair => new[] { pair.First.R - pair.Second.R, pair.First.G - pair.Second.G, pair.First.B - pair.Second.B }.Max(Math.Abs)) / step;
    }

    /// <summary>The largest difference between two values of one plane at the same position modulo <paramref name="period"/>.</summary>
    private static double Spread(PlanarImage image, int period)
    {
        var spread = 0.0;
        for (var p = 0; p < image.PlaneCount; p++)
        {
            var plane = image.GetPlane(p).ToArray();
            for (var phase = 0; phase < period * period; phase++)
            {
                var values = Enumerable.Range(0, plane.Length).Where(i => (i / image.Width % period * period) + (i % image.Width % period) == phase).Select(i => plane[i]).ToArray();
                spread = Math.Max(spread, values.Max() - values.Min());
            }
        }

        return spread;
    }

    internal static double MaxDifference(PlanarImage a, PlanarImage b)
    {
        Assert.That((a.Width, a.Height, a.PlaneCount), Is.EqualTo((b.Width, b.Height, b.PlaneCount)));
        var max = 0.0;
        for (var p = 0; p < a.PlaneCount; p++)
        {
            var (planeA, planeB) = (a.GetPlane(p).ToArray(), b.GetPlane(p).ToArray());
            max = Math.Max(max, planeA.Zip(planeB).Max(pair => Math.Abs(pair.First - pair.Second)));
        }

        return max;
    }

    private static bool SamePixels<TPixel>(ModelResolver resolver, Image<Rgba64> source)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = source.CloneAs<TPixel>();
        using var direct = resolver.Upscale(image);
        using var throughPlanes = resolver.Upscale(PlanarImage.FromImage(image)).ToImage<TPixel>();
        Assert.That(direct.Size(), Is.EqualTo(new Size(image.Width * 3, image.Height * 3)));
        for (var y = 0; y < direct.Height; y++)
        {
            for (var x = 0; x < direct.Width; x++)
            {
                if (!direct[x, y].Equals(throughPlanes[x, y]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
