using System.Diagnostics;

namespace SuperRes.Cli.Tests;

/// <summary>Runs the built <c>superres</c> CLI as a separate process, as a user would.</summary>
internal static class CliProcess
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "superres.dll");

    /// <summary>Starts the CLI with redirected output; the caller reads it and waits.</summary>
    public static Process Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the CLI with redirected output and these environment variables added to this process's.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Runs the CLI to the end and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    /// <summary>Runs the CLI to the end with these environment variables added, and returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
