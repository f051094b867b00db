using System.Diagnostics;

namespace SuperRes.Cli.Tests;

/// <summary>Runs the built <c>superres</c> CLI as a separate process, as a user would.</summary>
internal static class CliProcess
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "superres.dll");

    /// <summary>Starts the CLI with redirected output; the caller reads it and waits.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the CLI to the end and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
