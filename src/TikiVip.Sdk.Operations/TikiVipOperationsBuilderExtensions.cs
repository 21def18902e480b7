using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Operations;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the Tiki VIP operations page needs.</summary>
public static class TikiVipOperationsBuilderExtensions
{
    /// <summary>
    /// Registers the operations page's services: the recorder of the SDK's call metrics, antiforgery for its
    /// actions, and the start-up check that refuses a page without an authorization policy. Map the page with
    /// <c>app.MapTikiVipOperations(...)</c>.
    /// </summary>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static TikiVipBuilder AddOperations(this TikiVipBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAntiforgery();
        services.AddAuthorization();
        services.AddMetrics();
        services.TryAddSingleton<CallStatistics>();
        services.TryAddSingleton<OperationsRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, OperationsAuthorizationCheck>());
        return builder;
    }
}
