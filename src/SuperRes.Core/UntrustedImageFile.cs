using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace SuperRes;

/// <summary>
/// An image file opened for decoding within <see cref="SuperResLimits"/>, as <see cref="LimitedDecoding"/> decodes
/// streams: its header is read and checked when it is opened, and every decoding error names the file.
/// </summary>
internal sealed class UntrustedImageFile : IDisposable
{
    private readonly FileStream _input;
    private readonly SuperResLimits _limits;

    private UntrustedImageFile(string path, FileStream input, SuperResLimits limits, IImageFormat format, IImageInfo info)
    {
        Path = path;
        _input = input;
        _limits = limits;
        Format = format;
        Info = info;
    }

    /// <summary>Gets the file's path.</summary>
    public string Path { get; }

    /// <summary>Gets the file's format.</summary>
    public IImageFormat Format { get; }

    /// <summary>Gets what the header says: size, pixel type, metadata.</summary>
    public IImageInfo Info { get; }

    /// <summary>Opens <paramref name="path"/> and checks the size its header states against <paramref name="limits"/>.</summary>
    /// <exception cref="UnknownImageFormatException">The file is in no format ImageSharp 2.1 reads; the message names the file.</exception>
    /// <exception cref="InvalidImageContentException">The header is corrupt or states a zero size; the message names the file.</exception>
    /// <exception cref="ImageTooLargeException">The stated size exceeds the limits; the message names the file.</exception>
    /// <exception cref="NotSupportedException">A variant of the format ImageSharp 2.1 cannot decode; the message names the file.</exception>
    public static UntrustedImageFile Open(string path, SuperResLimits limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(limits);
        var input = File.OpenRead(path);
        try
        {
            var (format, info) = Named(path, () =>
            {
                var format = Image.DetectFormat(input) ?? throw new UnknownImageFormatException("The file is not in an image format that ImageSharp 2.1 recognises.");
                input.Position = 0;
                return (format, LimitedDecoding.Identify(input, format, limits, scale: 1));
            });
            return new UntrustedImageFile(path, input, limits, format, info);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>Decodes the first frame as <typeparamref name="TPixel"/>.</summary>
    /// <typeparam name="TPixel">The pixel type to decode to.</typeparam>
    /// <exception cref="InvalidImageContentException">The data is corrupt or truncated; the message names the file.</exception>
    public Image<TPixel> Load<TPixel>()
        where TPixel : unmanaged, IPixel<TPixel>
    {
        _input.Position = 0;
        return Named(Path, () => LimitedDecoding.Load<TPixel>(_input, Format, _limits));
    }

    /// <inheritdoc/>
    public void Dispose() => _input.Dispose();

    /// <summary>Runs <paramref name="read"/>, putting <paramref name="path"/> at the start of the message of any error in the image's content.</summary>
    internal static void Named(string path, Action read) => Named(path, () =>
    {
        read();
        return true;
    });

    /// <summary>Runs <paramref name="read"/>, putting <paramref name="path"/> at the start of the message of any error in the image's content.</summary>
    internal static T Named<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ImageFormatException or ImageTooLargeException or NotSupportedException)
        {
            var message = $"'{path}': {e.Message}";
            throw e switch
            {
                ImageTooLargeException tooLarge => new ImageTooLargeException(tooLarge.Width, tooLarge.Height, message),
                UnknownImageFormatException => new UnknownImageFormatException(message),
                NotSupportedException => new NotSupportedException(message, e),
                _ => new InvalidImageContentException(message, e),
            };
        }
    }
}
