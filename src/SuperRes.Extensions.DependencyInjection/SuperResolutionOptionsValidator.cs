using Microsoft.Extensions.Options;

namespace SuperRes.Extensions.DependencyInjection;

/// <summary>Checks <see cref="SuperResolutionOptions"/> when they are first read, or at startup with <c>ValidateOnStart</c>.</summary>
internal sealed class SuperResolutionOptionsValidator : IValidateOptions<SuperResolutionOptions>
{
    public ValidateOptionsResult Validate(string? name, SuperResolutionOptions options)
    {
        var problems = SuperResolverFactory.Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
