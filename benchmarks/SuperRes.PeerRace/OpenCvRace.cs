using System.Diagnostics;
using System.Runtime.InteropServices;
using OpenCvSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;
using SuperRes.Metrics;
using SuperRes.Models;
using SuperRes.Models.Weights;
using TorchSharp;

namespace SuperRes.PeerRace;

/// <summary>One row of the race: our model against OpenCV's on one dataset at one scale.</summary>
/// <param name="Model">Our catalog name.</param>
/// <param name="Scale">The scale factor.</param>
/// <param name="Dataset">The dataset's folder name.</param>
/// <param name="Images">How many images one pass enlarges.</param>
/// <param name="Threads">The CPU threads both sides were given.</param>
/// <param name="OursMs">Median over the repeats of the time our <see cref="ModelResolver"/> takes for one pass over the images, in milliseconds.</param>
/// <param name="PeerMs">The same for OpenCV's <c>DnnSuperResImpl.upsample</c>.</param>
/// <param name="Ratio"><paramref name="PeerMs"/> / <paramref name="OursMs"/>: above 1 we are faster.</param>
/// <param name="OursPsnr">Our PSNR under the benchmark protocol, or null when the model has no pretrained weights (its timing does not depend on them).</param>
/// <param name="PeerPsnr">OpenCV's PSNR under the same protocol.</param>
public sealed record RaceResult(
    string Model, int Scale, string Dataset, int Images, int Threads, double OursMs, double PeerMs, double Ratio, double? OursPsnr, double PeerPsnr);

/// <summary>
/// Races our ESPCN and FSRCNN against OpenCV's <c>dnn_superres</c>: both enlarge the same MATLAB-bicubic LR
/// images (the benchmark protocol's), with the same number of threads, interleaved in one process; then both
/// are scored by <see cref="Evaluation.Run(string, ISuperResolver, string, CancellationToken)"/>.
/// </summary>
public static class OpenCvRace
{
    /// <summary>Runs the race for one model and scale on one dataset.</summary>
    /// <param name="model"><c>espcn</c>, <c>fsrcnn</c> or <c>fsrcnn-s</c>.</param>
    /// <param name="scale">2, 3 or 4.</param>
    /// <param name="datasetFolder">A dataset folder (HR images, directly or in <c>HR</c>).</param>
    /// <param name="peerFolder">The folder of OpenCV's <c>.pb</c> files.</param>
    /// <param name="repeats">Timed passes over the dataset per side, at least 1; the median is reported.</param>
    /// <param name="threads">CPU threads for both LibTorch and OpenCV, at least 1.</param>
    /// <returns>The row.</returns>
    /// <exception cref="FileNotFoundException">OpenCV's model file is absent.</exception>
    /// <exception cref="InvalidOperationException">OpenCV's native library does not load.</exception>
    public static RaceResult Run(string model, int scale, string datasetFolder, string peerFolder, int repeats, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!OpenCvSuperResolver.TryLoadNative(out var error))
        {
            throw new InvalidOperationException(error);
        }

        using var peer = new OpenCvSuperResolver(model, scale, peerFolder);
        var info = ModelCatalog.Get(model);
        using var network = info.Create(scale);
        var metadata = PretrainedWeights.TryOpen(info.Name, scale) is { } weights ? Load(network, weights, info.Name) : null;
        var trained = metadata is not null;
        var ours = new ModelResolver(network, new ModelResolverOptions { Device = ComputeDevice.Cpu, Threads = threads, BorderPadding = metadata?.BorderPadding });
        Cv2.SetNumThreads(threads);

        var lowResolution = Evaluation.HighResolutionImages(datasetFolder)
            .Select(file => EvaluationPairs.Create(Evaluation.LoadPlanes(file), scale).LowResolution)
            .ToList();
        var (oursMs, peerMs) = Time(ours, peer, lowResolution, repeats);
        var oursPsnr = trained ? Evaluation.Run(model, ours, datasetFolder).Psnr : (double?)null;
        var peerPsnr = Evaluation.Run(model, peer, datasetFolder).Psnr;
        return new RaceResult(info.Name, scale, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetFolder))),
            lowResolution.Count, threads, oursMs, peerMs, peerMs / oursMs, oursPsnr, peerPsnr);
    }

    private static WeightsMetadata Load(SuperResolutionNetwork network, Stream weights, string architecture)
    {
        using (weights)
        {
            return network.LoadWeights(weights, architecture);
        }
    }

    /// <summary>Times passes over the images, ours and the peer's alternating (and alternating who goes first) so that both see the same load.</summary>
    private static (double OursMs, double PeerMs) Time(ModelResolver ours, OpenCvSuperResolver peer, IReadOnlyList<PlanarImage> images, int repeats)
    {
        // Each side gets the image in its own native form, made before the clock starts, as its users hold it.
        var inputs = images.Select(i => i.ColorPlanes == 1 ? (Image)i.ToImage<L8>() : i.ToImage<Rgb24>()).ToList();
        var mats = images.Select(ToBgrMat).ToList();
        try
        {
            var oursPass = () => inputs.ForEach(image => UpscaleAndDispose(ours, image));
            var peerPass = () => mats.ForEach(mat => peer.Upsample(mat).Dispose());
            oursPass();
            peerPass();
            var oursTimes = new List<double>();
            var peerTimes = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                if (r % 2 == 0)
                {
                    oursTimes.Add(Milliseconds(oursPass));
                    peerTimes.Add(Milliseconds(peerPass));
                }
                else
                {
                    peerTimes.Add(Milliseconds(peerPass));
                    oursTimes.Add(Milliseconds(oursPass));
                }
            }

            return (Median(oursTimes), Median(peerTimes));
        }
        finally
        {
            inputs.ForEach(i => i.Dispose());
            mats.ForEach(m => m.Dispose());
        }
    }

    private static void UpscaleAndDispose(ModelResolver resolver, Image image)
    {
        using var result = image switch
        {
            Image<L8> grey => (Image)resolver.Upscale(grey),
            Image<Rgb24> rgb => resolver.Upscale(rgb),
            _ => throw new ArgumentException($"Unexpected pixel type {image.PixelType}.", nameof(image)),
        };
    }

    private static Mat ToBgrMat(PlanarImage image)
    {
        var channels = image.ColorPlanes;
        var pixels = new byte[image.Width * image.Height * channels];
        for (var p = 0; p < channels; p++)
        {
            // OpenCV's colour order is BGR: plane p of RGB goes to channel 2 - p.
            var plane = image.GetPlane(p);
            var channel = channels == 1 ? 0 : 2 - p;
            for (var i = 0; i < plane.Length; i++)
            {
                pixels[(i * channels) + channel] = (byte)MathF.Round(plane[i] * image.Levels);
            }
        }

        var mat = new Mat(image.Height, image.Width, channels == 1 ? MatType.CV_8UC1 : MatType.CV_8UC3);
        Marshal.Copy(pixels, 0, mat.Data, pixels.Length);
        return mat;
    }

    private static double Milliseconds(Action pass)
    {
        var clock = Stopwatch.StartNew();
        pass();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
