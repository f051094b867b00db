using System.CommandLine;

namespace SuperRes.Cli;

/// <summary>The CLI's subcommands; each lives in its own file under Commands/.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All() => [];
}
