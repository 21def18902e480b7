using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Operations;

/// <summary>
/// Refuses to start an application whose operations page any visitor could open: it runs when the pipeline is
/// built, after every convention (<c>RequireAuthorization</c>) is applied and before the server listens.
/// </summary>
internal sealed class OperationsAuthorizationCheck(
    EndpointDataSource endpoints,
    IHostEnvironment environment,
    IOptions<AuthorizationOptions> authorization,
    ILogger<OperationsAuthorizationCheck> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        Check();
    };

    internal void Check()
    {
        var openInDevelopment = new HashSet<string>(StringComparer.Ordinal);
        // The application's endpoints as routing and the authorization middleware see them: every enclosing group's
        // conventions (AllowAnonymous, RequireAuthorization) included, not only those applied to the page itself.
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<OperationsEndpointMetadata>() is not { } page)
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
                || endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null
                || authorization.Value.FallbackPolicy is not null;
            if (endpoint.Metadata.GetMetadata<AnonymousForLocalDevelopmentMetadata>() is not null)
            {
                if (!environment.IsDevelopment())
                {
                    throw new InvalidOperationException(
                        $"The Tiki VIP operations page at '{page.Pattern}' allows anonymous users (AllowAnonymousForLocalDevelopment), which only works in the Development environment; " +
                        $"this one is '{environment.EnvironmentName}'. Remove that call and add .RequireAuthorization(\"YourSupportPolicy\").");
                }

                if (openInDevelopment.Add(page.Pattern))
                {
                    OperationsLog.AnonymousInDevelopment(logger, page.Pattern);
                }

                continue;
            }

            if (anonymous || !authorized)
            {
                throw new InvalidOperationException(
                    $"The Tiki VIP operations page at '{page.Pattern}' would be open to anyone: it shows payments and refunds and can retry and resolve them. " +
                    (anonymous ? "Remove AllowAnonymous from it and require" : "Require") +
                    " an authorization policy for your support staff: app.MapTikiVipOperations(\"" + page.Pattern + "\").RequireAuthorization(\"YourSupportPolicy\"). " +
                    "For a local try-out only, .AllowAnonymousForLocalDevelopment() opens it in the Development environment.");
            }
        }
    }
}
