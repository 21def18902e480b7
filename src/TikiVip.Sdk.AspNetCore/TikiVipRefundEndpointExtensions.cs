using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TikiVip.Sdk.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Exposes the Tiki VIP refund endpoint in an ASP.NET Core application.</summary>
public static class TikiVipRefundEndpointExtensions
{
    /// <summary>The conventional path of the refund endpoint.</summary>
    public const string DefaultPath = "/tikivip/refunds";

    /// <summary>
    /// Maps the endpoint Tiki calls to refund a transaction. Every HTTP method is routed to it, so that a wrong
    /// one gets a 405 from the SDK. Returns the convention builder for authorization, rate limiting or host filters.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <c>IRefundHandler</c> is registered.</exception>
    /// <example><code>app.MapTikiVipRefunds("/tikivip/refunds");</code></example>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The route to give Tiki; default <c>/tikivip/refunds</c>.</param>
    /// <returns>The endpoint's convention builder, for rate limiting or host filters.</returns>
    public static IEndpointConventionBuilder MapTikiVipRefunds(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        RefundEndpoint.EnsureRegistered(endpoints.ServiceProvider);
        return endpoints.Map(pattern, RefundEndpoint.HandleAsync).WithDisplayName("Tiki VIP refunds");
    }

    /// <summary>
    /// Serves the refund endpoint as middleware at exactly <paramref name="path"/>, for applications without
    /// endpoint routing. Other requests pass through.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <c>IRefundHandler</c> is registered.</exception>
    /// <param name="app">The application.</param>
    /// <param name="path">The path to give Tiki.</param>
    /// <returns>The same application builder.</returns>
    public static IApplicationBuilder UseTikiVipRefunds(this IApplicationBuilder app, PathString path)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!path.HasValue)
        {
            throw new ArgumentException("The refund path must not be empty.", nameof(path));
        }

        RefundEndpoint.EnsureRegistered(app.ApplicationServices);
        return app.Use(next => context =>
            context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase) ? RefundEndpoint.HandleAsync(context) : next(context));
    }
}
