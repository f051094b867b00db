using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace SuperRes.Models;

/// <summary>
/// An <see cref="ISuperResolver"/> that enlarges images with a <see cref="SuperResolutionNetwork"/>, tile by
/// tile when asked, so that memory is bounded by the tile rather than the image.
/// </summary>
/// <remarks>
/// <para>
/// Colour follows the papers' protocol. A <see cref="ColorMode.Y"/> network sees the BT.601 luma of colour
/// images (MATLAB <c>rgb2ycbcr</c> constants); their chroma is enlarged by MATLAB bicubic interpolation and the
/// result converted back to RGB. Grey images go to a Y network as they are, the grey value standing for Y,
/// and come back grey. A <see cref="ColorMode.Rgb"/> network sees the RGB planes; a grey image is given to it
/// as three equal planes and the mean of the three output planes is the grey result.
/// <see cref="SuperResolutionNetwork.PreUpsampled"/> networks see the MATLAB bicubic enlargement of their
/// input, in continuous values. Network output is clamped to [0, 1] and rounded to the image's bit depth;
/// alpha is enlarged by MATLAB bicubic interpolation at that bit depth. Beyond the image borders the network sees
/// zeros or the mirrored image, as <see cref="ModelResolverOptions.BorderPadding"/> says.
/// </para>
/// <para>
/// The resolver does not own the network: it moves it to <see cref="Device"/> and into evaluation mode once,
/// and the caller disposes it after the resolver's last use. Several threads may call <c>Upscale</c> at once
/// without a lock: inference in evaluation mode only reads the parameters, and both LibTorch's grad mode and
/// TorchSharp's dispose scopes are per thread.
/// </para>
/// </remarks>
public sealed class ModelResolver : ISuperResolver, IDisposable
{
    private readonly int _tileSize;
    private readonly int _overlap;
    private readonly torch.Device _device;

    /// <summary>Creates a resolver that runs <paramref name="network"/> as <paramref name="options"/> say.</summary>
    /// <param name="network">The network; it is moved to the device and put in evaluation mode.</param>
    /// <param name="options">Tiling, device and threads; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="ModelResolverOptions"/>).</exception>
    /// <exception cref="InvalidOperationException">CUDA was requested but is not available.</exception>
    public ModelResolver(SuperResolutionNetwork network, ModelResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new ModelResolverOptions();
        ModelName = network.GetName();
        _overlap = options.TileOverlap ?? network.ReceptiveRadius;
        _tileSize = options.TileSize ?? 0;
        if (_overlap < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _overlap, "TileOverlap must not be negative.");
        }

        if (_tileSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _tileSize, "TileSize must not be negative; use null or 0 for no tiling.");
        }

        if (_tileSize != 0 && _tileSize <= 2 * _overlap)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _tileSize, $"TileSize {_tileSize} leaves no core between two {_overlap}-pixel overlap margins; use at least {(2 * _overlap) + 1} or a smaller TileOverlap.");
        }

        if (options.Threads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1, or null to keep LibTorch's setting.");
        }

        Device = ResolveDevice(options.Device);
        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        _device = Device == ComputeDevice.Cuda ? torch.CUDA : torch.CPU;
        Limits = options.Limits;
        BorderPadding = options.BorderPadding ?? BorderPadding.Zero;
        SelfEnsemble = options.SelfEnsemble;
        NativeHeap.EnsureLargeBlocksAreReturned();
        Network = network;
        network.to(_device);
        network.eval();
    }

    /// <summary>Gets the network.</summary>
    public SuperResolutionNetwork Network { get; }

    /// <summary>Gets a value indicating whether <see cref="Dispose"/> disposes <see cref="Network"/> (true for resolvers made by <see cref="SuperResolvers"/>).</summary>
    public bool OwnsNetwork { get; init; }

    /// <summary>
    /// Gets the model's name, which <see cref="ToString"/> gives: the catalog name for resolvers made by <see cref="SuperResolvers"/>
    /// (<c>edsr-baseline</c> and <c>edsr</c> are both an <see cref="Architectures.Edsr"/>), the network's type name otherwise.
    /// </summary>
    public string ModelName { get; init; }

    /// <summary>Gets what the network sees beyond the image borders (<see cref="ModelResolverOptions.BorderPadding"/>).</summary>
    public BorderPadding BorderPadding { get; }

    /// <summary>Gets a value indicating whether each tile's output is the mean of the eight rotated and mirrored passes (<see cref="ModelResolverOptions.SelfEnsemble"/>).</summary>
    public bool SelfEnsemble { get; }

    /// <summary>Gets the device the network runs on: <see cref="ComputeDevice.Cpu"/> or <see cref="ComputeDevice.Cuda"/>, never Auto.</summary>
    public ComputeDevice Device { get; }

    /// <inheritdoc />
    public int Scale => Network.Scale;

    /// <summary>Gets the largest input and output images accepted, from <see cref="ModelResolverOptions.Limits"/>.</summary>
    public SuperResLimits Limits { get; }

    /// <inheritdoc />
    public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel> => Upscale(image, null, cancellationToken);

    /// <summary>Returns a new image <see cref="Scale"/> times larger than <paramref name="image"/>, reporting each tile.</summary>
    /// <typeparam name="TPixel">The pixel type, kept in the result.</typeparam>
    /// <param name="image">The low-resolution image; it is not modified.</param>
    /// <param name="progress">Told after each tile; called on the calling thread.</param>
    /// <param name="cancellationToken">Checked before each tile.</param>
    /// <returns>The upscaled image; the caller owns and disposes it.</returns>
    /// <exception cref="ImageTooLargeException">The image or its upscale exceeds <see cref="Limits"/>.</exception>
    /// <exception cref="NotSupportedException">The pixel type holds no image to upscale (<see cref="A8"/>, alpha only).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no further tile is started.</exception>
    public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, IProgress<TileProgress>? progress, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        Limits.EnsureWithin(image.Width, image.Height, Scale);
        var planes = PlanarImage.FromImage(image);
        if (Network.ColorMode != ColorMode.Rgb || planes.ColorPlanes != 3 || planes.HasAlpha || Network.PreUpsampled)
        {
            return Upscale(planes, progress, cancellationToken).ToImage<TPixel>();
        }

        // An RGB network's tiles go straight into the output pixels: no float planes of the enlarged size (12 bytes a
        // pixel, the largest buffer of a big upscale) between the network and the image. Same values, same rounding.
        var output = new Image<TPixel>(checked(planes.Width * Scale), checked(planes.Height * Scale));
        try
        {
            Infer(planes, progress, cancellationToken, (values, x, y, width, height) => WritePixels(values, planes.Levels, output, x, y, width, height));
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Returns new planes <see cref="Scale"/> times larger than <paramref name="image"/>, with its planes and <see cref="PlanarImage.Levels"/>.</summary>
    /// <param name="image">Grey or RGB planes, with or without alpha; not modified. With Levels 0 the result is not rounded.</param>
    /// <param name="progress">Told after each tile; called on the calling thread.</param>
    /// <param name="cancellationToken">Checked before each tile.</param>
    /// <returns>The upscaled planes.</returns>
    /// <exception cref="ImageTooLargeException">The image or its upscale exceeds <see cref="Limits"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no further tile is started.</exception>
    public PlanarImage Upscale(PlanarImage image, IProgress<TileProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        Limits.EnsureWithin(image.Width, image.Height, Scale);
        cancellationToken.ThrowIfCancellationRequested();
        // Only alpha and the rounding of a pre-upsampling resize depend on what the colour planes are read as; otherwise
        // the input is used as it is rather than copied (an image-sized copy on a path that is memory-bound).
        var colour = image.HasAlpha || (Network.PreUpsampled && image.Levels != 0) ? image.SelectPlanes(0, image.ColorPlanes, levels: 0) : image;
        var upscaled = (Network.ColorMode, colour.ColorPlanes) switch
        {
            (ColorMode.Y, 1) or (ColorMode.Rgb, 3) => Infer(colour, image.Levels, progress, cancellationToken),
            (ColorMode.Y, _) => UpscaleLuma(colour, image.Levels, progress, cancellationToken),
            _ => UpscaleGreyThroughRgb(colour, image.Levels, progress, cancellationToken),
        };
        if (!image.HasAlpha)
        {
            return upscaled;
        }

        var alpha = new PlanarImage(image.Width, image.Height, 1, levels: image.Levels);
        image.Alpha.CopyTo(alpha.GetPlane(0));
        return PlanarImage.WithAlpha(upscaled, alpha.Resize(Scale));
    }

    /// <inheritdoc />
    public override string ToString() => $"{ModelName} x{Scale}";

    /// <summary>Disposes the network when the resolver owns it (<see cref="OwnsNetwork"/>); otherwise does nothing.</summary>
    public void Dispose()
    {
        if (OwnsNetwork)
        {
            Network.Dispose();
        }
    }

    /// <summary>Turns <see cref="ComputeDevice.Auto"/> into the device LibTorch offers and checks that a requested CUDA is there.</summary>
    internal static ComputeDevice ResolveDevice(ComputeDevice requested) => requested switch
    {
        ComputeDevice.Cpu => ComputeDevice.Cpu,
        ComputeDevice.Auto => torch.cuda.is_available() ? ComputeDevice.Cuda : ComputeDevice.Cpu,
        ComputeDevice.Cuda when torch.cuda.is_available() => ComputeDevice.Cuda,
        ComputeDevice.Cuda => throw new InvalidOperationException(
            "CUDA was requested but is not available: the loaded LibTorch was built without CUDA or sees no GPU. " +
            "Reference a TorchSharp-cuda-* runtime package and check the NVIDIA driver, or ask for ComputeDevice.Auto or Cpu."),
        _ => throw new ArgumentOutOfRangeException("options", requested, "Unknown compute device."),
    };

    private PlanarImage UpscaleLuma(PlanarImage rgb, int levels, IProgress<TileProgress>? progress, CancellationToken cancellationToken)
    {
        var ycbcr = YCbCr.FromRgb(rgb);
        var luma = Infer(ycbcr.SelectPlanes(0, 1), 0, progress, cancellationToken);

        // Only Cb and Cr are interpolated: a bicubic Y would be overwritten by the network's, and interpolation
        // costs as much as the fast networks themselves.
        var result = new PlanarImage(luma.Width, luma.Height, 3);
        luma.GetPlane(0).CopyTo(result.GetPlane(0));
        for (var p = 1; p < 3; p++)
        {
            ycbcr.SelectPlanes(p, 1).Resize(Scale).GetPlane(0).CopyTo(result.GetPlane(p));
        }

        return YCbCr.ToRgb(result, levels);
    }

    private PlanarImage UpscaleGreyThroughRgb(PlanarImage grey, int levels, IProgress<TileProgress>? progress, CancellationToken cancellationToken)
    {
        var rgb = new PlanarImage(grey.Width, grey.Height, 3);
        for (var p = 0; p < 3; p++)
        {
            grey.GetPlane(0).CopyTo(rgb.GetPlane(p));
        }

        var output = Infer(rgb, 0, progress, cancellationToken);
        var result = new PlanarImage(output.Width, output.Height, 1, levels: levels);
        Span<float> r = output.GetPlane(0), g = output.GetPlane(1), b = output.GetPlane(2), mean = result.GetPlane(0);
        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = levels == 0 ? (r[i] + g[i] + b[i]) / 3 : PlanarImage.Quantize((r[i] + g[i] + b[i]) / 3, levels);
        }

        return result;
    }

    /// <summary>Runs the network over continuous planes of the colour it expects, tile by tile, into planes rounded to <paramref name="levels"/> (none when 0).</summary>
    private PlanarImage Infer(PlanarImage input, int levels, IProgress<TileProgress>? progress, CancellationToken cancellationToken)
    {
        var output = new PlanarImage(checked(input.Width * Scale), checked(input.Height * Scale), input.ColorPlanes, levels: levels);
        Infer(input, progress, cancellationToken, (values, x, y, width, height) => WritePlanes(values, output, x, y, width, height));
        return output;
    }

    /// <summary>Runs the network over continuous planes of the colour it expects, tile by tile, handing each tile's output core to <paramref name="write"/>.</summary>
    private void Infer(PlanarImage input, IProgress<TileProgress>? progress, CancellationToken cancellationToken, TileWriter write)
    {
        if (Network.PreUpsampled)
        {
            input = input.Resize(Scale);
        }

        var tiles = Tiling.Plan(input.Width, input.Height, _tileSize, _overlap, beyondBorders: BorderPadding == BorderPadding.Mirror);
        for (var i = 0; i < tiles.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RunTile(input, tiles[i], Network.PreUpsampled ? 1 : Scale, write);
            progress?.Report(new TileProgress(i + 1, tiles.Count));
        }
    }

    /// <summary>Writes a tile's output core (planes of <paramref name="height"/> rows of <paramref name="width"/>, in [0, 1]) at (<paramref name="x"/>, <paramref name="y"/>) of the output.</summary>
    private delegate void TileWriter(TensorAccessor<float> values, int x, int y, int width, int height);

    /// <summary>Copies a tile's core into planes, rounding to their levels.</summary>
    private static void WritePlanes(TensorAccessor<float> values, PlanarImage output, int x, int y, int width, int height)
    {
        for (var p = 0; p < output.ColorPlanes; p++)
        {
            var target = output.GetPlane(p);
            for (var row = 0; row < height; row++)
            {
                var destination = target.Slice(((y + row) * output.Width) + x, width);
                values.CopyTo(destination, 0, (((long)p * height) + row) * width);
                if (output.Levels != 0)
                {
                    for (var i = 0; i < width; i++)
                    {
                        destination[i] = PlanarImage.Quantize(destination[i], output.Levels);
                    }
                }
            }
        }
    }

    /// <summary>Writes a tile's RGB core into pixels, rounded to the image's <paramref name="levels"/> (never 0 for an image) first exactly as <see cref="WritePlanes"/> and <see cref="PlanarImage.ToImage{TPixel}"/> do together.</summary>
    private static void WritePixels<TPixel>(TensorAccessor<float> values, int levels, Image<TPixel> output, int x, int y, int width, int height)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var rows = new float[3][];
        var vectors = new Vector4[width];
        for (var p = 0; p < 3; p++)
        {
            rows[p] = new float[width];
        }

        output.ProcessPixelRows(accessor =>
        {
            for (var row = 0; row < height; row++)
            {
                for (var p = 0; p < 3; p++)
                {
                    values.CopyTo(rows[p], 0, (((long)p * height) + row) * width);
                }

                for (var i = 0; i < width; i++)
                {
                    vectors[i] = new Vector4(PlanarImage.Quantize(rows[0][i], levels), PlanarImage.Quantize(rows[1][i], levels), PlanarImage.Quantize(rows[2][i], levels), 1f);
                }

                PixelOperations<TPixel>.Instance.FromVector4Destructive(Configuration.Default, vectors, accessor.GetRowSpan(y + row).Slice(x, width), PixelConversionModifiers.Scale);
            }
        });
    }

    /// <summary>Runs the network on the tile's region and hands the output of its core, clamped to [0, 1], to <paramref name="write"/>.</summary>
    /// <remarks>
    /// Rows go straight from the planes into native tensor memory: no managed buffer per tile on the way in, but for
    /// the rows of a region that reaches beyond the image, whose outer pixels are read from the mirrored image.
    /// </remarks>
    private void RunTile(PlanarImage input, Tile tile, int factor, TileWriter write)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (region, core) = (tile.Region, tile.Core);
        var planes = input.ColorPlanes;
        var x = torch.empty([1, planes, region.Height, region.Width], ScalarType.Float32);
        var xData = x.data<float>();
        var inside = region.X >= 0 && region.Right <= input.Width;
        var mirrored = inside ? null : new float[region.Width];
        for (var p = 0; p < planes; p++)
        {
            var plane = input.GetPlane(p);
            for (var row = 0; row < region.Height; row++)
            {
                var tensorIndex = (((long)(p * region.Height) + row) * region.Width);
                var source = plane.Slice(Mirror(region.Y + row, input.Height) * input.Width, input.Width);
                if (mirrored is null)
                {
                    xData.CopyFrom(source.Slice(region.X, region.Width), 0, tensorIndex);
                    continue;
                }

                for (var column = 0; column < region.Width; column++)
                {
                    mirrored[column] = source[Mirror(region.X + column, input.Width)];
                }

                xData.CopyFrom(mirrored, 0, tensorIndex);
            }
        }

        var y = Forward(x.to(_device));
        long[] expected = [1, planes, region.Height * factor, region.Width * factor];
        if (!y.shape.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{Network.GetName()} turned a [{string.Join(", ", x.shape)}] input into [{string.Join(", ", y.shape)}]; " +
                $"a {Network.ColorMode} network enlarging by {factor} must return [{string.Join(", ", expected)}].");
        }

        int width = core.Width * factor, height = core.Height * factor;
        var values = UnitInterval.Clamp(y.narrow(2, (core.Y - region.Y) * factor, height).narrow(3, (core.X - region.X) * factor, width))
            .to(ScalarType.Float32, torch.CPU)
            .contiguous();
        write(values.data<float>(), core.X * factor, core.Y * factor, width, height);
    }

    /// <summary>The network's output for <paramref name="x"/>, or with <see cref="SelfEnsemble"/> the mean of its outputs for the eight rotations and mirror images of <paramref name="x"/>, each turned back.</summary>
    private Tensor Forward(Tensor x)
    {
        if (!SelfEnsemble)
        {
            return Network.call(x);
        }

        // Each pass's activations are freed before the next, so the ensemble needs one pass's memory, not eight.
        Tensor? sum = null;
        foreach (var mirrored in (bool[])[false, true])
        {
            var flipped = mirrored ? x.flip(3) : x;
            for (var quarterTurns = 0; quarterTurns < 4; quarterTurns++)
            {
                using var pass = torch.NewDisposeScope();
                var output = Network.call(flipped.rot90(quarterTurns, (2, 3))).rot90(-quarterTurns, (2, 3));
                output = mirrored ? output.flip(3) : output;
                sum = sum is null ? output.MoveToOuterDisposeScope() : sum.add_(output);
            }
        }

        return sum!.div_(8);
    }

    /// <summary>Maps a coordinate beyond [0, <paramref name="length"/>) into it by symmetric reflection: -1 reads 0, -2 reads 1, length reads length - 1.</summary>
    private static int Mirror(int index, int length)
    {
        var period = 2 * length;
        var folded = ((index % period) + period) % period;
        return folded < length ? folded : period - 1 - folded;
    }
}
