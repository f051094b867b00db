using SixLabors.ImageSharp;
using SuperRes.Models.Weights;
using SuperRes.Training;

namespace SuperRes.Cli;

/// <summary>Turns failures into one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var (kind, code) = e switch
            {
                OperationCanceledException => ("cancelled", 130),
                ImageTooLargeException => ("image too large", 3),
                ImageFormatException or NotSupportedException => ("unreadable image", 4),
                InvalidWeightsException or MissingWeightsException => ("weights", 5),
                TrainingDivergedException => ("training diverged", 7),
                IOException or UnauthorizedAccessException => ("file", 6),
                ArgumentException => ("invalid argument", 2),
                _ => ("error", 1),
            };
            Console.Error.WriteLine($"superres: {kind}: {e.Message}");
            return code;
        }
    }
}
