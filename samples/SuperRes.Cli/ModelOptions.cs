using System.CommandLine;
using SuperRes.Models;

namespace SuperRes.Cli;

/// <summary>The options that pick and configure a model, shared by every command that runs one.</summary>
internal sealed class ModelOptions
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = $"Model: {string.Join(", ", SuperResolvers.Names)}. '{SuperResolvers.Auto}' is the shipped network with the best Set5 PSNR at the scale (bicubic where none ships).",
        DefaultValueFactory = _ => SuperResolvers.Auto,
    };

    public Option<FileInfo?> Weights { get; } = new("--weights") { Description = "Weights file: our .safetensors, or a PyTorch .pt/.pth/.safetensors state dict of the same architecture." };

    public Option<bool> Untrained { get; } = new("--untrained") { Description = "Run the network with its initial weights (noise output): for speed and memory measurements only." };

    public Option<int?> Tile { get; } = new("--tile") { Description = "Tile size in network-input pixels, margins included (default: whole image)." };

    public Option<ComputeDevice> Device { get; } = DeviceOption();

    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for LibTorch (default: LibTorch's choice)." };

    public Option<BorderPadding?> Border { get; } = new("--border") { Description = "What the network sees beyond the image borders: zero or mirror (default: what its weights were trained with)." };

    public Option<bool> SelfEnsemble { get; } = new("--self-ensemble") { Description = "Average the network's outputs for the eight rotations and mirror images of the input (EDSR+): a little sharper, eight times slower." };

    /// <summary>Creates the <c>--device</c> option, which <c>train</c> shares with the commands that run a model.</summary>
    public static Option<ComputeDevice> DeviceOption()
    {
        var option = new Option<ComputeDevice>("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => ComputeDevice.Auto };

        // Enum parsing alone would also take numbers (7) and flag combinations (cpu,cuda).
        option.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(token => !Enum.GetNames<ComputeDevice>().Contains(token.Value, StringComparer.OrdinalIgnoreCase)) is { } bad)
            {
                result.AddError($"--device '{bad.Value}' is not a device; use auto, cpu or cuda.");
            }
        });
        return option;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Model, Weights, Untrained, Tile, Device, Threads, Border, SelfEnsemble })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Creates the resolver for a concrete model name (<see cref="SuperResolvers.ResolveName"/> already applied) with the parsed options.</summary>
    public ISuperResolver Create(ParseResult parse, string model, int scale)
    {
        var options = new ModelResolverOptions { TileSize = parse.GetValue(Tile), Device = parse.GetValue(Device), Threads = parse.GetValue(Threads), BorderPadding = parse.GetValue(Border), SelfEnsemble = parse.GetValue(SelfEnsemble) };
        if (parse.GetValue(Weights) is { } weights)
        {
            return SuperResolvers.Create(model, scale, weights.FullName, options);
        }

        if (parse.GetValue(Untrained) && !SuperResolvers.ClassicNames.Contains(model.ToLowerInvariant()))
        {
            Console.Error.WriteLine($"superres: {model} x{scale} runs with its initial (untrained) weights; its output is noise, for speed and memory measurements only.");
            return SuperResolvers.CreateUntrained(model, scale, options);
        }

        return SuperResolvers.Create(model, scale, options);
    }
}
