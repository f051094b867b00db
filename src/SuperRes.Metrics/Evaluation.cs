using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SuperRes.Imaging;
using SuperRes.Interpolation;

namespace SuperRes.Metrics;

/// <summary>The score of one image.</summary>
/// <param name="Image">The file name.</param>
/// <param name="Psnr">PSNR in dB.</param>
/// <param name="Ssim">SSIM.</param>
public sealed record ImageScore(string Image, double Psnr, double Ssim);

/// <summary>The scores of one model on one dataset at one scale.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Dataset">The dataset's name (its folder name).</param>
/// <param name="Scale">The scale factor.</param>
/// <param name="Images">Per-image scores, in file-name order.</param>
public sealed record EvaluationResult(string Model, string Dataset, int Scale, IReadOnlyList<ImageScore> Images)
{
    /// <summary>Gets the mean PSNR over the images (the papers' figure).</summary>
    public double Psnr => Images.Average(i => i.Psnr);

    /// <summary>Gets the mean SSIM over the images.</summary>
    public double Ssim => Images.Average(i => i.Ssim);
}

/// <summary>
/// Runs the super-resolution benchmark protocol: for each HR image, crop to a multiple of the scale, make the
/// LR image with MATLAB's antialiased bicubic, upscale it with the resolver (8-bit output), and score the
/// result against the cropped HR on the Y channel with <c>scale</c> pixels shaved from each border.
/// </summary>
public static class Evaluation
{
    private static readonly string[] ImageExtensions = [".png", ".bmp", ".jpg", ".jpeg", ".tif", ".tiff"];

    /// <summary>Scores <paramref name="resolver"/> on the dataset in <paramref name="datasetFolder"/>.</summary>
    /// <param name="model">The name to report.</param>
    /// <param name="resolver">The resolver; its <see cref="ISuperResolver.Scale"/> is the scale evaluated.</param>
    /// <param name="datasetFolder">A dataset folder: its HR images directly or in an <c>HR</c> subfolder.</param>
    /// <param name="cancellationToken">Checked between images.</param>
    /// <returns>The per-image and mean scores.</returns>
    public static EvaluationResult Run(string model, ISuperResolver resolver, string datasetFolder, CancellationToken cancellationToken = default) =>
        Run(model, resolver, datasetFolder, null, cancellationToken);

    /// <summary>
    /// Scores <paramref name="resolver"/> on the dataset in <paramref name="datasetFolder"/> with its LR images made
    /// by <paramref name="degrade"/> instead of MATLAB's bicubic, everything else as the protocol: for a model trained
    /// on another degradation. The papers' figures do not apply to such scores.
    /// </summary>
    /// <param name="model">The name to report.</param>
    /// <param name="resolver">The resolver; its <see cref="ISuperResolver.Scale"/> is the scale evaluated.</param>
    /// <param name="datasetFolder">A dataset folder: its HR images directly or in an <c>HR</c> subfolder.</param>
    /// <param name="degrade">Makes each LR image from its HR image cropped to a multiple of the scale, in file-name order; MATLAB's bicubic when null.</param>
    /// <param name="cancellationToken">Checked between images.</param>
    /// <returns>The per-image and mean scores.</returns>
    public static EvaluationResult Run(string model, ISuperResolver resolver, string datasetFolder, Func<PlanarImage, PlanarImage>? degrade, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentNullException.ThrowIfNull(resolver);
        var scale = resolver.Scale;
        var options = QualityOptions.Protocol(scale);
        var scores = new List<ImageScore>();
        foreach (var file in HighResolutionImages(datasetFolder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hr = LoadPlanes(file);
            try
            {
                var pair = degrade is null ? EvaluationPairs.Create(hr, scale) : EvaluationPairs.Create(hr, scale, degrade);
                var upscaled = pair.HighResolution.ColorPlanes == 1
                    ? Upscale<L8>(resolver, pair.LowResolution, cancellationToken)
                    : Upscale<Rgb24>(resolver, pair.LowResolution, cancellationToken);
                scores.Add(new ImageScore(
                    Path.GetFileName(file),
                    ImageQuality.Psnr(upscaled, pair.HighResolution, options),
                    ImageQuality.Ssim(upscaled, pair.HighResolution, options)));
            }
            catch (ArgumentException e)
            {
                // Too small for the scale, the border crop or SSIM's window: name the image in a dataset of hundreds.
                throw new ArgumentException($"'{file}' cannot be scored at x{scale}: {e.Message}", nameof(datasetFolder), e);
            }
        }

        return new EvaluationResult(model, DatasetName(datasetFolder), scale, scores);
    }

    /// <summary>Lists the datasets under <paramref name="folder"/>: the folder itself if it holds images (directly or in <c>HR</c>), else each subfolder that does.</summary>
    /// <param name="folder">A dataset folder or a folder of dataset folders.</param>
    /// <returns>Dataset folders, in name order.</returns>
    public static IReadOnlyList<string> FindDatasets(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{folder}' does not exist.");
        }

        if (HasImages(folder))
        {
            return [folder];
        }

        var sets = Directory.GetDirectories(folder).Where(HasImages).Order(StringComparer.Ordinal).ToArray();
        return sets.Length > 0 ? sets : throw new ArgumentException($"'{folder}' holds no images, no HR folder and no dataset folders.", nameof(folder));
    }

    /// <summary>Lists a dataset's HR images, in ordinal file-name order.</summary>
    /// <param name="datasetFolder">A dataset folder.</param>
    /// <returns>Image paths.</returns>
    public static IReadOnlyList<string> HighResolutionImages(string datasetFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetFolder);
        var hr = Path.Combine(datasetFolder, "HR");
        var folder = Directory.Exists(hr) ? hr : datasetFolder;
        var images = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Where(IsImage).Order(StringComparer.Ordinal).ToArray()
            : [];
        return images.Length > 0 ? images : throw new ArgumentException($"No images in '{folder}'.", nameof(datasetFolder));
    }

    /// <summary>
    /// Loads an image file as planes: an image stored with one channel (a grey PNG or JPEG, or an 8-bit BMP, TGA,
    /// TIFF or GIF whose colours are all grey) as one plane, as the benchmark scripts score what MATLAB's
    /// <c>imread</c> returns as a 2-D array; others as RGB.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <returns>The planes, 8-bit levels.</returns>
    /// <exception cref="ImageFormatException">The file is not an image, or is corrupt or truncated; the message names it.</exception>
    /// <exception cref="ImageTooLargeException">The image exceeds <see cref="SuperResLimits.Default"/>; the message names the file.</exception>
    /// <exception cref="NotSupportedException">A variant of its format that ImageSharp 2.1 cannot decode, interlaced PNG among them; the message names the file.</exception>
    public static PlanarImage LoadPlanes(string path)
    {
        // Dataset folders are not vetted: the decoding that guards upscaling against hostile files guards scoring and training too.
        using var file = UntrustedImageFile.Open(path, SuperResLimits.Default);
        bool? headerSaysGrey = file.Format switch
        {
            PngFormat => file.Info.Metadata.GetPngMetadata().ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha,
            JpegFormat => file.Info.PixelType.BitsPerPixel == 8,
            _ => null,
        };
        if (headerSaysGrey == true)
        {
            using var image = file.Load<L8>();
            return PlanarImage.FromImage(image);
        }

        using var colour = file.Load<Rgb24>();
        if (headerSaysGrey is null && file.Info.PixelType.BitsPerPixel <= 8 && AllGrey(colour))
        {
            using var grey = colour.CloneAs<L8>();
            return PlanarImage.FromImage(grey);
        }

        return PlanarImage.FromImage(colour);
    }

    private static bool AllGrey(Image<Rgb24> image)
    {
        var grey = true;
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height && grey; y++)
            {
                foreach (var pixel in accessor.GetRowSpan(y))
                {
                    grey &= pixel.R == pixel.G && pixel.G == pixel.B;
                }
            }
        });
        return grey;
    }

    private static PlanarImage Upscale<TPixel>(ISuperResolver resolver, PlanarImage lowResolution, CancellationToken cancellationToken)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = lowResolution.ToImage<TPixel>();
        using var upscaled = resolver.Upscale(image, cancellationToken);
        return PlanarImage.FromImage(upscaled);
    }

    private static bool HasImages(string folder) =>
        Directory.Exists(Path.Combine(folder, "HR")) || Directory.EnumerateFiles(folder).Any(IsImage);

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static string DatasetName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
}
