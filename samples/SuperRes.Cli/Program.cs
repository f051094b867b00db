using System.CommandLine;
using SuperRes.Cli;
using SuperRes.Cli.Commands;

var root = new RootCommand("superres: single-image super-resolution with SuperRes");
foreach (var command in new[] { UpscaleCommand.Create(), EvalCommand.Create(), ModelsCommand.Create(), TrainCommand.Create(), AverageCommand.Create(), BenchCommand.Create() })
{
    root.Subcommands.Add(command);
}

// Errors become one line on stderr (CliErrors), not System.CommandLine's stack trace; interrupts are ours (Interrupt).
var signals = Interrupt.Register();
try
{
    var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return CliErrors.Run(() => root.Parse(args).Invoke(invocation));
}
finally
{
    Array.ForEach(signals, s => s.Dispose());
}
