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
            Console.Error.WriteLine($"superres: {e.Message}");
            return 1;
        }
    }
}
