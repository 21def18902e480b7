using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Operations.Pages;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations;

/// <summary>The page's requests: GETs render, POSTs act (antiforgery-checked, logged with the user's name) and redirect back.</summary>
internal static class OperationsEndpoints
{
    internal const int MaxResolutionLength = 500;

    /// <summary>Hands the route's <c>{day}</c> to <paramref name="render"/>, or answers 400 when it is not a yyyy-MM-dd date.</summary>
    public static Task<IResult> ForDayAsync(OperationsPage page, Func<OperationsPage, DateOnly, CancellationToken, Task<IResult>> render, CancellationToken cancellationToken)
    {
        var value = page.Context.Request.RouteValues["day"] as string ?? "";
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? render(page, day, cancellationToken)
            : Task.FromResult(Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The day must be written yyyy-MM-dd, e.g. 2026-11-30.", detail: $"Got '{value}'."));
    }

    public static async Task<IResult> RetryIpnAsync(HttpContext context, string basePath, long id)
    {
        if (await RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (context.RequestServices.GetService<IIpnOutbox>() is not { } outbox)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This application has no IPN outbox (UsePostgreSql).");
        }

        var user = UserName(context);
        var logger = Logger(context);
        if (!await outbox.RequeueAsync(id, context.RequestAborted).ConfigureAwait(false))
        {
            OperationsLog.IpnRetryRefused(logger, user, id);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"IPN {id} is not failed (or does not exist), so it was not requeued.",
                detail: "Reload the IPN page: it may have been retried by someone else already.");
        }

        OperationsLog.IpnRetried(logger, user, id);
        return Results.Redirect($"{context.Request.PathBase}{basePath}/ipn?done=retried&id={id.ToString(CultureInfo.InvariantCulture)}", permanent: false, preserveMethod: false);
    }

    public static async Task<IResult> ResolveRefundAsync(HttpContext context, string basePath, string id)
    {
        if (await RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (context.RequestServices.GetService<IRefundQuarantine>() is not { } quarantine)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This application does not receive refund callbacks.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var resolution = form["resolution"].ToString().Trim();
        if (resolution.Length == 0 || resolution.Length > MaxResolutionLength)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Say what was done about the refund (1 to {MaxResolutionLength} characters).");
        }

        var user = UserName(context);
        var logger = Logger(context);
        if (!await quarantine.ResolveAsync(id, user, resolution, context.RequestAborted).ConfigureAwait(false))
        {
            OperationsLog.RefundResolveRefused(logger, user, id);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "That quarantined refund is not waiting (resolved already, or unknown); nothing was changed.");
        }

        OperationsLog.RefundResolved(logger, user, id, resolution);
        return Results.Redirect($"{context.Request.PathBase}{basePath}/refunds?done=resolved&id={Uri.EscapeDataString(id)}", permanent: false, preserveMethod: false);
    }

    /// <summary>Refuses a POST without this site's antiforgery token: a page elsewhere must not act with the user's cookie.</summary>
    private static async Task<IResult?> RefuseForgeryAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException ex)
        {
            OperationsLog.ForgeryRefused(Logger(context), UserName(context), ex.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form is out of date or came from another site.",
                detail: "Reload the page and try again.");
        }
    }

    /// <summary>The signed-in user, as the log and the quarantine record it.</summary>
    internal static string UserName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous (development)";

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TikiVip.Sdk.Operations");
}
