using Microsoft.Extensions.DependencyInjection;

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
}
