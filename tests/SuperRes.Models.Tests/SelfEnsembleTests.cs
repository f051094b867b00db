using NUnit.Framework;
using SuperRes.Imaging;
using SuperRes.Models.Tests.Resolver;

namespace SuperRes.Models.Tests;

public class SelfEnsembleTests
{
    /// <summary>The eight symmetries of a rectangle's pixel grid: an optional transpose, then optional mirror flips.</summary>
    private static readonly (bool Transpose, bool FlipX, bool FlipY)[] Symmetries =
        [.. from t in new[] { false, true } from fx in new[] { false, true } from fy in new[] { false, true } select (t, fx, fy)];

    // The expectation is built without the resolver: each symmetry of the image through the network on its own,
    // the output turned back, the eight averaged, then clamped to [0, 1] as the resolver clamps. The image is not
    // square, so a turn changes its shape.
    [TestCase(ColorMode.Rgb, 2)]
    [TestCase(ColorMode.Y, 3)]
    public void TheOutputIsTheMeanOfTheEightTurnedBackPasses(ColorMode colorMode, int scale)
    {
        using var network = new TinyNetwork(colorMode, scale, seed: 7);
        var image = TestImages.Planes(9, 6, colorMode == ColorMode.Y ? 1 : 3, seed: 11);
        var (width, height) = (image.Width * scale, image.Height * scale);
        var expected = new PlanarImage(width, height, image.ColorPlanes);
        foreach (var symmetry in Symmetries)
        {
            var output = ModelResolverTests.Forward(network, Turn(image, symmetry), clamp: false);
            var outputWidth = symmetry.Transpose ? height : width;
            for (var p = 0; p < image.ColorPlanes; p++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var (tx, ty) = Map(x, y, width, height, symmetry);
                        expected.GetPlane(p)[(y * width) + x] += output[(p * width * height) + (ty * outputWidth) + tx] / 8;
                    }
                }
            }
        }

        for (var p = 0; p < expected.ColorPlanes; p++)
        {
            foreach (ref var value in expected.GetPlane(p))
            {
                value = Math.Clamp(value, 0, 1);
            }
        }

        var ensemble = new ModelResolver(network, new ModelResolverOptions { SelfEnsemble = true }).Upscale(image);
        var single = new ModelResolver(network).Upscale(image);
        Assert.That(ModelResolverTests.MaxDifference(ensemble, expected), Is.LessThanOrEqualTo(1e-5));
        Assert.That(ModelResolverTests.MaxDifference(single, expected), Is.GreaterThan(1e-2), "the control: one pass is not the ensemble");
    }

    [Test]
    public void TiledEnsembleEqualsTheWholeImageEnsembleWithMirroredBorders()
    {
        using var network = new TinyNetwork(ColorMode.Rgb, 2, seed: 8);
        var image = TestImages.Planes(23, 17, 3, seed: 12);
        var whole = new ModelResolver(network, new ModelResolverOptions { SelfEnsemble = true, BorderPadding = BorderPadding.Mirror }).Upscale(image);
        var tiled = new ModelResolver(network, new ModelResolverOptions { SelfEnsemble = true, BorderPadding = BorderPadding.Mirror, TileSize = 11 }).Upscale(image);
        Assert.That(ModelResolverTests.MaxDifference(tiled, whole), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void TheEnsembleOfAMirroredImageIsTheMirroredEnsemble()
    {
        // Averaging over every symmetry makes the result commute with each of them, which one pass does not.
        using var network = new TinyNetwork(ColorMode.Y, 2, seed: 9);
        var image = TestImages.Planes(10, 7, 1, seed: 13);
        var mirror = (Transpose: false, FlipX: true, FlipY: false);
        var ensemble = new ModelResolver(network, new ModelResolverOptions { SelfEnsemble = true });
        var single = new ModelResolver(network);
        Assert.That(ModelResolverTests.MaxDifference(ensemble.Upscale(Turn(image, mirror)), Turn(ensemble.Upscale(image), mirror)), Is.LessThanOrEqualTo(1e-5));
        Assert.That(ModelResolverTests.MaxDifference(single.Upscale(Turn(image, mirror)), Turn(single.Upscale(image), mirror)), Is.GreaterThan(1e-2));
    }

    /// <summary>Where pixel (x, y) of a width x height grid lands under <paramref name="symmetry"/>.</summary>
    private static (int X, int Y) Map(int x, int y, int width, int height, (bool Transpose, bool FlipX, bool FlipY) symmetry)
    {
        var (a, b, w, h) = symmetry.Transpose ? (y, x, height, width) : (x, y, width, height);
        return (symmetry.FlipX ? w - 1 - a : a, symmetry.FlipY ? h - 1 - b : b);
    }

    private static PlanarImage Turn(PlanarImage image, (bool Transpose, bool FlipX, bool FlipY) symmetry)
    {
        var turned = symmetry.Transpose ? new PlanarImage(image.Height, image.Width, image.ColorPlanes) : new PlanarImage(image.Width, image.Height, image.ColorPlanes);
        for (var p = 0; p < image.ColorPlanes; p++)
        {
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    var (tx, ty) = Map(x, y, image.Width, image.Height, symmetry);
                    turned.GetPlane(p)[(ty * turned.Width) + tx] = image.GetPlane(p)[(y * image.Width) + x];
                }
            }
        }

        return turned;
    }
}
