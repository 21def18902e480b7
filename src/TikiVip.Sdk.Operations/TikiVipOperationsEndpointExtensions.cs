using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations;
using TikiVip.Sdk.Operations.Pages;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Tiki VIP operations page for a partner's support staff.</summary>
public static class TikiVipOperationsEndpointExtensions
{
    /// <summary>The conventional path of the operations page.</summary>
    public const string DefaultPath = "/tikivip/ops";

    /// <summary>
    /// Maps the operations page: the IPN outbox, refunds, the daily reconciliation and Tiki's health, with the
    /// actions support staff need. It must be given an authorization policy with <c>RequireAuthorization</c> (or
    /// the application a fallback policy): otherwise the application refuses to start.
    /// </summary>
    /// <example><code>app.MapTikiVipOperations("/tikivip/ops").RequireAuthorization("Support");</code></example>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">Where to serve it; default <c>/tikivip/ops</c>.</param>
    /// <returns>The convention builder of all the page's endpoints, for <c>RequireAuthorization</c>, host filters or rate limiting.</returns>
    /// <exception cref="InvalidOperationException"><c>AddOperations</c> was not called.</exception>
    public static IEndpointConventionBuilder MapTikiVipOperations(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        _ = endpoints.ServiceProvider.GetService<OperationsRegistry>()
            ?? throw new InvalidOperationException("The operations page needs its services: call services.AddTikiVip(...).AddOperations() first.");
        endpoints.ServiceProvider.GetRequiredService<CallStatistics>(); // listens from start-up, so the Tiki page has the last hour

        var basePath = "/" + pattern.Trim('/');
        var group = endpoints.MapGroup(basePath);
        group.WithMetadata(new OperationsEndpointMetadata(basePath));
        group.MapGet("/", Page(basePath, "/", OverviewPage.RenderAsync));
        group.MapGet("/ipn", Page(basePath, "/ipn", IpnPage.RenderAsync));
        group.MapGet("/ipn/{id:long}", Page(basePath, "/ipn/{id:long}", (page, ct) => IpnStoryPage.RenderAsync(page, long.Parse(Route(page.Context, "id"), CultureInfo.InvariantCulture), ct)));
        group.MapGet("/ipn/retry-failed", Page(basePath, "/ipn/retry-failed", IpnPage.RenderRetryFailedAsync));
        group.MapPost("/ipn/retry-failed", Action(basePath, "/ipn/retry-failed", OperationsEndpoints.RetryFailedIpnsAsync));
        group.MapPost("/ipn/{id:long}/retry", Action(basePath, "/ipn/{id:long}/retry", (context, path) => OperationsEndpoints.RetryIpnAsync(context, path, long.Parse(Route(context, "id"), CultureInfo.InvariantCulture))));
        group.MapGet("/refunds", Page(basePath, "/refunds", RefundsPage.RenderAsync));
        group.MapGet("/refunds/request/{requestId}", Page(basePath, "/refunds/request/{requestId}", (page, ct) => RefundStoryPage.RenderAsync(page, Route(page.Context, "requestId"), ct)));
        group.MapPost("/refunds/quarantine/{id}/resolve", Action(basePath, "/refunds/quarantine/{id}/resolve", (context, path) => OperationsEndpoints.ResolveRefundAsync(context, path, Route(context, "id"))));
        group.MapGet("/reconciliation", Page(basePath, "/reconciliation", ReconciliationPage.RenderAsync));
        group.MapGet("/reconciliation/{day}", Page(basePath, "/reconciliation/{day}", (page, ct) => OperationsEndpoints.ForDayAsync(page, ReconciliationPage.RenderDayAsync, ct)));
        group.MapPost("/reconciliation/{day}/run", Action(basePath, "/reconciliation/{day}/run", (context, path) => OperationsEndpoints.RunReconciliationDayAsync(context, path, Route(context, "day"))));
        group.MapPost("/reconciliation/{day}/fetch", Action(basePath, "/reconciliation/{day}/fetch", (context, path) => OperationsEndpoints.FetchReconciliationResultsAsync(context, path, Route(context, "day"))));
        group.MapGet("/reconciliation/{day}/report", Page(basePath, "/reconciliation/{day}/report", (page, ct) => OperationsEndpoints.ForDayAsync(page, ReconciliationPage.DownloadReportAsync, ct)));
        group.MapGet("/tiki", Page(basePath, "/tiki", (page, _) => TikiPage.RenderAsync(page)));
        group.MapGet("/audit", Page(basePath, "/audit", AuditPage.RenderAsync));
        group.WithDisplayName(endpoint => "Tiki VIP operations " + endpoint.DisplayName);
        return group;
    }

    // Request delegates, not Delegate handlers: no reflection, so the page stays trim- and AOT-safe.
    private static RequestDelegate Page(string basePath, string suffix, Func<OperationsPage, CancellationToken, Task<IResult>> render) =>
        Action(basePath, suffix, (context, path) => render(new OperationsPage(context, path), context.RequestAborted));

    private static RequestDelegate Action(string basePath, string suffix, Func<HttpContext, string, Task<IResult>> handler) =>
        async context =>
        {
            var result = RequestInput.RefuseUnstorable(context)
                ?? await handler(context, PathOf(context, basePath, suffix)).ConfigureAwait(false);
            await result.ExecuteAsync(context).ConfigureAwait(false);
        };

    /// <summary>
    /// Where the page is really served, enclosing groups included (<c>MapGroup("/tikivip").MapTikiVipOperations("/ops")</c>
    /// serves it at <c>/tikivip/ops</c>), read from the matched endpoint's final route pattern, so its links and
    /// redirects stay on the page.
    /// </summary>
    private static string PathOf(HttpContext context, string basePath, string suffix)
    {
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is not { } raw)
        {
            return basePath;
        }

        var full = "/" + raw.TrimStart('/');
        return suffix == "/" ? "/" + full.Trim('/')
            : full.EndsWith(suffix, StringComparison.Ordinal) ? full[..^suffix.Length]
            : basePath;
    }

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    /// <summary>
    /// Opens the operations page to anonymous users, for trying it on a developer's machine. Only honoured in the
    /// Development environment: anywhere else the application refuses to start.
    /// </summary>
    /// <param name="builder">The builder <see cref="MapTikiVipOperations"/> returned.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointConventionBuilder AllowAnonymousForLocalDevelopment(this IEndpointConventionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint =>
        {
            endpoint.Metadata.Add(new AnonymousForLocalDevelopmentMetadata());
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return builder;
    }
}
