namespace SuperRes;

/// <summary>
/// Thrown when an image, or the image it would be upscaled to, exceeds the <see cref="SuperResLimits"/> in force.
/// The message names the size and the limit.
/// </summary>
public sealed class ImageTooLargeException : ArgumentException
{
    /// <summary>Initialises a new instance with no message.</summary>
    public ImageTooLargeException()
    {
    }

    /// <summary>Initialises a new instance with a message.</summary>
    /// <param name="message">What is too large, and which limit it exceeds.</param>
    public ImageTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises a new instance with a message and the error that revealed the problem.</summary>
    /// <param name="message">What is too large, and which limit it exceeds.</param>
    /// <param name="innerException">The error that revealed it.</param>
    public ImageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initialises a new instance for an input image of <paramref name="width"/> x <paramref name="height"/>.</summary>
    /// <param name="width">The input width.</param>
    /// <param name="height">The input height.</param>
    /// <param name="message">What is too large, and which limit it exceeds.</param>
    public ImageTooLargeException(int width, int height, string message)
        : base(message)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Gets the width of the input image that was refused, or 0 when not known.</summary>
    public int Width { get; }

    /// <summary>Gets the height of the input image that was refused, or 0 when not known.</summary>
    public int Height { get; }
}
