using System.CommandLine;
using SuperRes.Cli;

var root = new RootCommand("superres: single-image super-resolution with SuperRes");
foreach (var command in Commands.All())
{
    root.Subcommands.Add(command);
}

return CliErrors.Run(() => root.Parse(args).Invoke());
