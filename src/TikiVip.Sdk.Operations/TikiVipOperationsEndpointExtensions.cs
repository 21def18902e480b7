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
        var registry = endpoints.ServiceProvider.GetService<OperationsRegistry>()
            ?? throw new InvalidOperationException("The operations page needs its services: call services.AddTikiVip(...).AddOperations() first.");
        endpoints.ServiceProvider.GetRequiredService<CallStatistics>(); // listens from start-up, so the Tiki page has the last hour

        var basePath = "/" + pattern.Trim('/');
        var group = endpoints.MapGroup(basePath);
        group.WithMetadata(new OperationsEndpointMetadata(basePath));
        group.MapGet("/", Page(basePath, OverviewPage.RenderAsync));
        group.MapGet("/ipn", Page(basePath, IpnPage.RenderAsync));
        group.MapPost("/ipn/{id:long}/retry", Action(context => OperationsEndpoints.RetryIpnAsync(context, basePath, long.Parse(Route(context, "id"), CultureInfo.InvariantCulture))));
        group.MapGet("/refunds", Page(basePath, RefundsPage.RenderAsync));
        group.MapPost("/refunds/quarantine/{id}/resolve", Action(context => OperationsEndpoints.ResolveRefundAsync(context, basePath, Route(context, "id"))));
        group.MapGet("/reconciliation", Page(basePath, ReconciliationPage.RenderAsync));
        group.MapGet("/reconciliation/{day}", Page(basePath, (page, ct) => OperationsEndpoints.ForDayAsync(page, ReconciliationPage.RenderDayAsync, ct)));
        group.MapGet("/reconciliation/{day}/report", Page(basePath, (page, ct) => OperationsEndpoints.ForDayAsync(page, ReconciliationPage.DownloadReportAsync, ct)));
        group.MapGet("/tiki", Page(basePath, (page, _) => Task.FromResult(TikiPage.Render(page))));
        group.WithDisplayName(endpoint => "Tiki VIP operations " + endpoint.DisplayName);
        registry.Add(endpoints.DataSources);
        return group;
    }

    // Request delegates, not Delegate handlers: no reflection, so the page stays trim- and AOT-safe.
    private static RequestDelegate Page(string basePath, Func<OperationsPage, CancellationToken, Task<IResult>> render) =>
        Action(context => render(new OperationsPage(context, basePath), context.RequestAborted));

    private static RequestDelegate Action(Func<HttpContext, Task<IResult>> handler) =>
        async context => await (await handler(context).ConfigureAwait(false)).ExecuteAsync(context).ConfigureAwait(false);

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
