using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikiVip.Sdk;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Tiki VIP SDK.</summary>
public static class TikiVipServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ITikiVipClient"/> bound to the <c>TikiVip</c> section of the application's
    /// <see cref="IConfiguration"/> (so <c>TikiVip__ClientId</c>-style environment variables work too).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder to add refund handling, stores and HTTP customisations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <example><code>builder.Services.AddTikiVip().AddRefundHandler&lt;MyRefundHandler&gt;();</code></example>
    public static TikiVipBuilder AddTikiVip(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TikiVipOptions>()
            .Configure<IConfiguration>((_, configuration) => TikiVipConfigurationCheck.Check(configuration.GetSection(TikiVipOptions.SectionName)))
            .BindConfiguration(TikiVipOptions.SectionName);
        return AddCore(services);
    }

    /// <summary>Adds <see cref="ITikiVipClient"/> configured in code.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options; runs after any configuration binding of earlier calls.</param>
    /// <returns>A builder to add refund handling, stores and HTTP customisations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <example><code>services.AddTikiVip(o => { o.ClientId = "..."; o.ClientSecret = "..."; o.Environment = TikiVipEnvironment.Sandbox; });</code></example>
    public static TikiVipBuilder AddTikiVip(this IServiceCollection services, Action<TikiVipOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TikiVipOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Adds <see cref="ITikiVipClient"/> bound to a configuration section, conventionally <c>TikiVip</c>.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section to bind; reloading it changes the next call's settings.</param>
    /// <returns>A builder to add refund handling, stores and HTTP customisations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <example><code>services.AddTikiVip(builder.Configuration.GetSection("TikiVip"));</code></example>
    public static TikiVipBuilder AddTikiVip(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TikiVipOptions>().Configure(_ => TikiVipConfigurationCheck.Check(configuration)).Bind(configuration);
        return AddCore(services);
    }

    private static TikiVipBuilder AddCore(IServiceCollection services)
    {
        // Idempotent, as dotnet/extensions registrations are: a second call only adds its configuration above.
        if (TikiVipRegistration.Find(services) is { } existing)
        {
            return new TikiVipBuilder(services, existing.HttpClientBuilder);
        }

        services.AddOptions<TikiVipOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TikiVipOptions>, TikiVipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TikiVipMetrics>();
        services.TryAddSingleton<IOperationsAuditTrail, InMemoryOperationsAuditTrail>();
        services.TryAddTransient<ResilienceHandler>();

        // The resilience handler signs each attempt inside its retry loop; handlers a partner adds come after it,
        // once per attempt. Address, credentials and timeouts are read per call from one options snapshot
        // (TikiVipClient), not fixed on the HttpClient.
        var http = services
            .AddHttpClient<ITikiVipClient, TikiVipClient>(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // the client's own per-call budget is TotalTimeout
                client.MaxResponseContentBufferSize = ResponseBuffer.MaxSize;
            })
            .AddHttpMessageHandler<ResilienceHandler>()
            .ConfigurePrimaryHttpMessageHandler(provider => new HttpClientHandler
            {
                // Bounded, so a burst (the outbox's concurrent deliveries) queues for a connection instead of opening hundreds.
                MaxConnectionsPerServer = provider.GetRequiredService<IOptionsMonitor<TikiVipOptions>>().CurrentValue.MaxConnectionsPerServer,
            })
            .RemoveAllLoggers();

        services.AddSingleton(new TikiVipRegistration(http));
        return new TikiVipBuilder(services, http);
    }
}
