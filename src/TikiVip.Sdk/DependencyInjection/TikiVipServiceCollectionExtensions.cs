using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikiVip.Sdk;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Tiki VIP SDK.</summary>
public static class TikiVipServiceCollectionExtensions
{
    /// <summary>Adds <see cref="ITikiVipClient"/> configured in code.</summary>
    /// <example><code>services.AddTikiVip(o => { o.ClientId = "..."; o.ClientSecret = "..."; o.Environment = TikiVipEnvironment.Sandbox; });</code></example>
    public static TikiVipBuilder AddTikiVip(this IServiceCollection services, Action<TikiVipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TikiVipOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Adds <see cref="ITikiVipClient"/> bound to a configuration section, conventionally <c>TikiVip</c>
    /// (so <c>TikiVip__ClientId</c>-style environment variables work too).
    /// </summary>
    /// <example><code>services.AddTikiVip(builder.Configuration.GetSection("TikiVip"));</code></example>
    public static TikiVipBuilder AddTikiVip(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TikiVipOptions>().Bind(configuration);
        return AddCore(services);
    }

    private static TikiVipBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<TikiVipOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TikiVipOptions>, TikiVipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<SigningHandler>();
        services.TryAddTransient<ResilienceHandler>();

        // Outermost first: the retry loop wraps signing, so each attempt is signed afresh.
        var http = services
            .AddHttpClient<ITikiVipClient, TikiVipClient>((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<TikiVipOptions>>().Value;
                client.BaseAddress = options.ResolveBaseAddress();
                client.Timeout = options.TotalTimeout; // the whole call: every attempt and every delay
            })
            .AddHttpMessageHandler<ResilienceHandler>()
            .AddHttpMessageHandler<SigningHandler>()
            .RemoveAllLoggers();

        return new TikiVipBuilder(services, http);
    }
}
