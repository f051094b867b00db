using TorchSharp;
using static TorchSharp.torch;

namespace SuperRes.Models.Tests.Architectures;

internal static class ModuleFacts
{
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    public static string[] StateKeys(nn.Module module) => module.state_dict().Keys.ToArray();

    /// <summary>Sets every convolution's (and linear layer's) weights and biases to zero.</summary>
    public static void ZeroWeights(nn.Module module, Func<string, bool>? where = null)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (where is null || where(name))
            {
                parameter.zero_();
            }
        }
    }
}
