using System.CommandLine;
using System.Globalization;
using SuperRes.Models;

namespace SuperRes.Cli.Commands;

/// <summary><c>models</c>: one line per model and scale: name, parameters, Y/RGB, pretrained or not.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the models and scales, with parameter counts, colour mode and whether pretrained weights ship.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"{"model",-14} {"scale",5} {"parameters",12} {"input",-10} {"pretrained",-10}");
            foreach (var name in SuperResolvers.ClassicNames)
            {
                Console.WriteLine($"{name,-14} {"any",5} {0,12} {"RGB",-10} {"n/a",-10}");
            }

            foreach (var model in ModelCatalog.All)
            {
                foreach (var scale in model.Scales)
                {
                    var input = (model.ColorMode == ColorMode.Y ? "Y" : "RGB") + (model.PreUpsampled ? "+bicubic" : string.Empty);
                    var parameters = model.ParameterCount(scale).ToString("N0", CultureInfo.InvariantCulture);
                    Console.WriteLine($"{model.Name,-14} {"x" + scale,5} {parameters,12} {input,-10} {(model.HasPretrainedWeights(scale) ? "yes" : "no"),-10}");
                }
            }

            return 0;
        });
        return command;
    }
}
