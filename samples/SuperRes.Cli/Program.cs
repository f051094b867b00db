using System.CommandLine;
using SuperRes.Cli;
using SuperRes.Cli.Commands;

var root = new RootCommand("superres: single-image super-resolution with SuperRes");
foreach (var command in new[] { UpscaleCommand.Create(), EvalCommand.Create(), ModelsCommand.Create(), TrainCommand.Create(), BenchCommand.Create() })
{
    root.Subcommands.Add(command);
}

// Errors become one line on stderr (CliErrors), not System.CommandLine's stack trace.
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
