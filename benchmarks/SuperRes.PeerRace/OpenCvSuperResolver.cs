using System.Runtime.InteropServices;
using OpenCvSharp;
using OpenCvSharp.DnnSuperres;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes.PeerRace;

/// <summary>
/// OpenCV's <c>dnn_superres</c> (<see cref="DnnSuperResImpl"/>) behind <see cref="ISuperResolver"/>, so that the
/// benchmark protocol scores it exactly as it scores our models.
/// </summary>
/// <remarks>
/// For ESPCN and FSRCNN OpenCV converts a colour image to its full-range YCrCb in 8 bits, runs the network on
/// Y / 255, enlarges Cr and Cb with its own bicubic (a = -0.75, no antialiasing) and converts back to 8-bit BGR.
/// A grey image is given to it as one channel, which it treats as Y. Alpha is dropped.
/// </remarks>
public sealed class OpenCvSuperResolver : ISuperResolver, IDisposable
{
    private static readonly Dictionary<string, string> FilePrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["espcn"] = "ESPCN",
        ["fsrcnn"] = "FSRCNN",
        ["fsrcnn-s"] = "FSRCNN-small",
    };

    private readonly DnnSuperResImpl _superRes;

    /// <summary>Loads the frozen graph for <paramref name="model"/> at <paramref name="scale"/> from <paramref name="peerFolder"/>.</summary>
    /// <param name="model">Our catalog name: <c>espcn</c>, <c>fsrcnn</c> or <c>fsrcnn-s</c>.</param>
    /// <param name="scale">2, 3 or 4.</param>
    /// <param name="peerFolder">The folder of OpenCV's <c>.pb</c> files (<c>shared/peers/opencv_dnn_superres</c>).</param>
    /// <exception cref="FileNotFoundException">The model's file is not in the folder.</exception>
    public OpenCvSuperResolver(string model, int scale, string peerFolder)
    {
        var path = ModelFile(model, scale, peerFolder);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"OpenCV's {model} x{scale} graph '{path}' is absent; stage the dnn_superres models there.", path);
        }

        Scale = scale;
        _superRes = new DnnSuperResImpl();
        _superRes.ReadModel(path);

        // OpenCV names FSRCNN-small "fsrcnn" too: the graph, not the name, says which one it is.
        _superRes.SetModel(FilePrefixes[model].StartsWith("FSRCNN", StringComparison.Ordinal) ? "fsrcnn" : "espcn", scale);
    }

    /// <summary>Gets the models OpenCV's <c>dnn_superres</c> has in our catalog.</summary>
    public static IReadOnlyCollection<string> Models => FilePrefixes.Keys;

    /// <inheritdoc/>
    public int Scale { get; }

    /// <summary>Gets the path of OpenCV's graph for a model and scale, <c>{ESPCN|FSRCNN|FSRCNN-small}_x{scale}.pb</c>.</summary>
    /// <param name="model">Our catalog name: <c>espcn</c>, <c>fsrcnn</c> or <c>fsrcnn-s</c>.</param>
    /// <param name="scale">The scale.</param>
    /// <param name="peerFolder">The folder of OpenCV's <c>.pb</c> files.</param>
    /// <returns>The path, whether or not the file exists.</returns>
    /// <exception cref="ArgumentException">OpenCV has no model of that name.</exception>
    public static string ModelFile(string model, int scale, string peerFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(peerFolder);
        if (!FilePrefixes.TryGetValue(model, out var prefix))
        {
            throw new ArgumentException($"OpenCV's dnn_superres has no '{model}'; it has {string.Join(", ", FilePrefixes.Keys)}.", nameof(model));
        }

        return Path.Combine(peerFolder, $"{prefix}_x{scale}.pb");
    }

    /// <summary>
    /// Checks that OpenCvSharp's native library loads; on Linux it needs libgtk-3
    /// (<c>apt-get install -y libgtk-3-0</c> on Debian 12).
    /// </summary>
    /// <param name="error">Why it does not load, or null.</param>
    /// <returns>True when OpenCV can be called.</returns>
    public static bool TryLoadNative(out string? error)
    {
        try
        {
            _ = Cv2.GetVersionString();
            error = null;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or OpenCvSharpException or BadImageFormatException or EntryPointNotFoundException)
        {
            error = $"OpenCvSharp's native library does not load ({e.GetBaseException().Message}). On Debian 12 run 'apt-get install -y libgtk-3-0'; 'ldd libOpenCvSharpExtern.so' names what else is missing.";
            return false;
        }
    }

    /// <summary>Enlarges an 8-bit BGR or grey matrix, as an OpenCV user calls it; this is what the race times.</summary>
    /// <param name="image">The low-resolution image.</param>
    /// <returns>The enlarged image; the caller disposes it.</returns>
    public Mat Upsample(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Mat();
        _superRes.Upsample(image, result);
        return result;
    }

    /// <inheritdoc/>
    public Image<TPixel> Upscale<TPixel>(Image<TPixel> image, CancellationToken cancellationToken = default)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        cancellationToken.ThrowIfCancellationRequested();
        if (image is Image<L8> grey)
        {
            using var greyResult = Upscale(grey, MatType.CV_8UC1);
            return greyResult.CloneAs<TPixel>();
        }

        using var rgb = image.CloneAs<Rgb24>();
        using var rgbResult = Upscale(rgb, MatType.CV_8UC3);
        return rgbResult.CloneAs<TPixel>();
    }

    /// <inheritdoc/>
    public void Dispose() => _superRes.Dispose();

    /// <summary>Copies 8-bit grey or RGB pixels into a matrix, enlarges it (through BGR, OpenCV's colour order) and copies the result back.</summary>
    private Image<TPixel> Upscale<TPixel>(Image<TPixel> image, MatType type)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var pixels = new byte[image.Width * image.Height * type.Channels];
        image.CopyPixelDataTo(pixels);
        using var input = Mat.FromPixelData(image.Height, image.Width, type, pixels);
        using var output = type.Channels == 1 ? Upsample(input) : UpsampleRgb(input);
        var result = new byte[output.Total() * output.ElemSize()];
        Marshal.Copy(output.Data, result, 0, result.Length);
        return Image.LoadPixelData<TPixel>(result, output.Width, output.Height);
    }

    private Mat UpsampleRgb(Mat rgb)
    {
        using var bgr = rgb.CvtColor(ColorConversionCodes.RGB2BGR);
        using var output = Upsample(bgr);
        return output.CvtColor(ColorConversionCodes.BGR2RGB);
    }
}
