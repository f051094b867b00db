using System.CommandLine;

namespace SuperRes.Cli.Commands;

/// <summary><c>upscale</c>: enlarge an image file with a model, keeping its format, pixel type and alpha.</summary>
internal static class UpscaleCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "The image to upscale." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the result (default: <input>_x<scale>_<model>.<ext> beside the input)." };
        var model = new Option<string>("--model") { Description = "Model name.", DefaultValueFactory = _ => Resolvers.DefaultModel };
        var scale = new Option<int>("--scale") { Description = "Scale factor.", DefaultValueFactory = _ => 2 };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing output file." };
        var command = new Command("upscale", "Upscale an image file.") { input, output, model, scale, force };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            if (!source.Exists)
            {
                throw new FileNotFoundException($"'{source.FullName}' does not exist.");
            }

            var name = parse.GetValue(model)!;
            var factor = parse.GetValue(scale);
            var target = parse.GetValue(output)?.FullName
                ?? Path.Combine(source.DirectoryName!, $"{Path.GetFileNameWithoutExtension(source.Name)}_x{factor}_{name}{source.Extension}");
            Resolvers.Create(name, factor).UpscaleFile(source.FullName, target, parse.GetValue(force));
            Console.WriteLine(target);
            return 0;
        });
        return command;
    }
}
