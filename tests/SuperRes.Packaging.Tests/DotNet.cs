using System.Diagnostics;
using NUnit.Framework;

namespace SuperRes.Packaging.Tests;

/// <summary>Runs the dotnet CLI (or an installed tool) as a user would, outside this test host's MSBuild environment.</summary>
internal static class DotNet
{
    public static string Run(string workingDirectory, params string[] arguments) => Start("dotnet", workingDirectory, arguments);

    public static string Start(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild and VSTest variables would steer the child build; a user's shell has none.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {string.Join(' ', arguments)}' did not finish in 10 minutes.");
        }

        var text = output.Result + error.Result;
        Assert.That(process.ExitCode, Is.Zero, $"'{fileName} {string.Join(' ', arguments)}' failed:\n{text}");
        return output.Result;
    }
}
