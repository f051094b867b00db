using System.CommandLine;
using SuperRes.Cli;
using SuperRes.Cli.Commands;

var root = new RootCommand("superres: single-image super-resolution with SuperRes");
foreach (var command in new[] { UpscaleCommand.Create(), EvalCommand.Create(), BenchCommand.Create() })
{
    root.Subcommands.Add(command);
}

return CliErrors.Run(() => root.Parse(args).Invoke());
