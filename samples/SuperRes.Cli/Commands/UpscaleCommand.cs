using System.CommandLine;
using SuperRes.Models;

namespace SuperRes.Cli.Commands;

/// <summary>
/// <c>upscale</c>: enlarge an image file, a folder of images or a glob, keeping format, pixel type and alpha.
/// Each output is written through a temporary file and a rename, so an interrupted run leaves finished files
/// intact and no partial file; existing files are only replaced with --force.
/// </summary>
internal static class UpscaleCommand
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".tif", ".tiff", ".webp", ".pbm"];

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "An image file, a folder of images, or a glob such as 'photos/*.png'." };
        var output = new Option<string?>("--out", "-o") { Description = "Output file (an input file) or folder (an input folder or glob, or a path ending in /); default: beside each input as <name>_x<scale>_<model>.<ext>." };
        var scale = new Option<int>("--scale") { Description = "Scale factor.", DefaultValueFactory = _ => 2 };
        var force = new Option<bool>("--force") { Description = "Overwrite existing output files." };
        var model = new ModelOptions();
        var command = new Command("upscale", "Upscale image files.") { input, output, scale, force };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var files = Inputs(parse.GetValue(input)!);
            var factor = parse.GetValue(scale);
            var name = SuperResolvers.ResolveName(parse.GetValue(model.Model)!, factor);
            var resolver = model.Create(parse, name, factor);
            try
            {
                var oneFile = files.Count == 1 && File.Exists(parse.GetValue(input)!);
                var targets = files.Select(f => Target(f, parse.GetValue(output), oneFile, factor, name)).ToList();
                if (!parse.GetValue(force) && targets.FirstOrDefault(File.Exists) is { } existing)
                {
                    throw new IOException($"'{existing}' already exists; pass --force to replace it.");
                }

                for (var i = 0; i < files.Count; i++)
                {
                    Interrupt.Token.ThrowIfCancellationRequested();
                    var progress = new ConsoleProgress($"[{i + 1}/{files.Count}] {Path.GetFileName(files[i])}");
                    var withProgress = resolver is ModelResolver network ? new ReportingResolver(network, progress) : resolver;
                    withProgress.UpscaleFile(files[i], targets[i], parse.GetValue(force), Interrupt.Token);
                    progress.Done(targets[i]);
                }
            }
            finally
            {
                (resolver as IDisposable)?.Dispose();
            }

            return 0;
        });
        return command;
    }

    private static List<string> Inputs(string input)
    {
        if (File.Exists(input))
        {
            return [Path.GetFullPath(input)];
        }

        var (folder, pattern) = Directory.Exists(input)
            ? (input, "*")
            : (Path.GetDirectoryName(input) is { Length: > 0 } directory ? directory : ".", Path.GetFileName(input));
        if (!Directory.Exists(folder) || (!pattern.Contains('*') && !pattern.Contains('?') && pattern != "*"))
        {
            throw new FileNotFoundException($"'{input}' is neither an image file, a folder nor a glob that matches anything.");
        }

        var files = Directory.GetFiles(folder, pattern)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFullPath)
            .ToList();
        return files.Count > 0 ? files : throw new FileNotFoundException($"No images match '{input}'.");
    }

    // --out is a file only for one input file, and only when it does not end in a separator or name a folder.
    private static string Target(string file, string? output, bool oneFile, int scale, string model)
    {
        var defaultName = $"{Path.GetFileNameWithoutExtension(file)}_x{scale}_{model}{Path.GetExtension(file)}";
        if (output is null)
        {
            return Path.Combine(Path.GetDirectoryName(file)!, defaultName);
        }

        if (oneFile && !Directory.Exists(output) && !Path.EndsInDirectorySeparator(output))
        {
            return Path.GetFullPath(output);
        }

        Directory.CreateDirectory(output);
        return Path.Combine(Path.GetFullPath(output), Path.GetFileName(file));
    }

    /// <summary>Lets the file API report a network's tiles.</summary>
    private sealed class ReportingResolver(ModelResolver inner, IProgress<TileProgress> progress) : ISuperResolver
    {
        public int Scale => inner.Scale;

        public SixLabors.ImageSharp.Image<TPixel> Upscale<TPixel>(SixLabors.ImageSharp.Image<TPixel> image, CancellationToken cancellationToken = default)
            where TPixel : unmanaged, SixLabors.ImageSharp.PixelFormats.IPixel<TPixel> => inner.Upscale(image, progress, cancellationToken);
    }
}
