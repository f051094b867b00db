using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SuperRes;
using SuperRes.Extensions.DependencyInjection;

// In the container's namespace, like AddLogging and AddOptions, so that services.AddSuperResolution is found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SuperRes in an <see cref="IServiceCollection"/>.</summary>
public static class SuperResolutionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISuperResolver"/> as a singleton built from <see cref="SuperResolutionOptions"/>. The options
    /// are validated at startup (an unknown model, an unsupported scale, a bad tile or a network without pretrained
    /// weights stops the host with a message naming the value), and the resolver logs its model, scale and device
    /// when it is created.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; they may also be bound from configuration with <c>services.Configure&lt;SuperResolutionOptions&gt;(section)</c>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSuperResolution(this IServiceCollection services, Action<SuperResolutionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SuperResolutionOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SuperResolutionOptions>, SuperResolutionOptionsValidator>());
        services.TryAddSingleton(provider => SuperResolverFactory.Create(
            provider.GetRequiredService<IOptions<SuperResolutionOptions>>().Value,
            (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("SuperRes")));
        return services;
    }
}
