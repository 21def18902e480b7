using Microsoft.Extensions.DependencyInjection;

namespace TikiVip.Sdk.DependencyInjection;

/// <summary>
/// Marks a service collection the SDK's core was added to, and keeps its typed client's builder: a second
/// <c>AddTikiVip</c> (a library and the app both calling it) adds configuration, never a second set of handlers.
/// </summary>
internal sealed class TikiVipRegistration(IHttpClientBuilder httpClientBuilder)
{
    public IHttpClientBuilder HttpClientBuilder { get; } = httpClientBuilder;

    public static TikiVipRegistration? Find(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TikiVipRegistration))
            {
                return (TikiVipRegistration?)services[i].ImplementationInstance;
            }
        }

        return null;
    }
}
