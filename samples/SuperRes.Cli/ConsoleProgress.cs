using SuperRes.Models;

namespace SuperRes.Cli;

/// <summary>A one-line progress bar on stderr (only when stderr is a terminal), and the finished file on stdout.</summary>
internal sealed class ConsoleProgress(string label) : IProgress<TileProgress>
{
    private const int Width = 30;

    public void Report(TileProgress value)
    {
        if (Console.IsErrorRedirected || value.TileCount <= 1)
        {
            return;
        }

        var filled = Width * value.TilesDone / value.TileCount;
        Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {value.TilesDone}/{value.TileCount} tiles");
    }

    public void Done(string output)
    {
        if (!Console.IsErrorRedirected)
        {
            Console.Error.Write($"\r{label} done{new string(' ', Width + 20)}\r");
        }

        Console.WriteLine(output);
    }
}
