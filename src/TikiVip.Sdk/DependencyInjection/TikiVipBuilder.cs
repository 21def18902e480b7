using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.DependencyInjection;

/// <summary>Returned by <c>AddTikiVip</c>: the place to add refund handling, stores and HTTP customisations.</summary>
public sealed class TikiVipBuilder
{
    internal TikiVipBuilder(IServiceCollection services, IHttpClientBuilder httpClientBuilder)
    {
        Services = services;
        HttpClientBuilder = httpClientBuilder;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The typed client's HTTP pipeline, for a proxy, a custom primary handler or logging. Handlers added here
    /// run after signing, once per attempt, and must not change the body or the signed path.
    /// </summary>
    public IHttpClientBuilder HttpClientBuilder { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> as the scoped <see cref="IRefundHandler"/>, the refund pipeline,
    /// and the in-memory idempotency store, quarantine and history unless another <see cref="IRefundIdempotencyStore"/>,
    /// <see cref="IRefundQuarantine"/> or <see cref="IRefundHistory"/> is registered.
    /// </summary>
    /// <returns>The same builder.</returns>
    public TikiVipBuilder AddRefundHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IRefundHandler
    {
        Services.RemoveAll<IRefundHandler>();
        Services.AddScoped<IRefundHandler, THandler>();
        Services.TryAddSingleton<IRefundIdempotencyStore>(provider => new InMemoryRefundIdempotencyStore(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptionsMonitor<TikiVipOptions>>(),
            provider.GetRequiredService<ILogger<InMemoryRefundIdempotencyStore>>()));
        Services.TryAddSingleton<IRefundQuarantine>(provider => new InMemoryRefundQuarantine(
            provider.GetRequiredService<IOptionsMonitor<TikiVipOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        Services.TryAddSingleton<IRefundHistory, InMemoryRefundHistory>();
        Services.TryAddSingleton(provider => new TikiVipRefundProcessor(
            provider.GetRequiredService<IOptionsMonitor<TikiVipOptions>>(),
            provider.GetRequiredService<IRefundIdempotencyStore>(),
            provider.GetRequiredService<IRefundQuarantine>(),
            provider.GetRequiredService<IRefundHistory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<TikiVipMetrics>(),
            provider.GetRequiredService<ILogger<TikiVipRefundProcessor>>()));
        return this;
    }
}
