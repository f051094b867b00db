using System.CommandLine;
using SuperRes.Cli;
using SuperRes.Cli.Commands;

var root = new RootCommand("superres: single-image super-resolution with SuperRes");
foreach (var command in new[] { UpscaleCommand.Create(), EvalCommand.Create(), ModelsCommand.Create(), TrainCommand.Create(), BenchCommand.Create() })
{
    root.Subcommands.Add(command);
}

// Errors become one line on stderr (CliErrors), not System.CommandLine's stack trace. On Ctrl+C or SIGTERM the
// running command is cancelled and given time to finish its tile and delete its temporary file, rather than
// being killed after System.CommandLine's default 2 seconds.
var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
return CliErrors.Run(() => root.Parse(args).Invoke(invocation));
