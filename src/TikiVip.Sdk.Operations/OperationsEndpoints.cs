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

    public static async Task<IResult> RunReconciliationDayAsync(HttpContext context, string basePath, string dayText)
    {
        if (await RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (context.RequestServices.GetService<Reconciliation.Scheduling.ReconciliationJob>() is not { } job)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Reconciliation is not set up in this application (AddReconciliation).");
        }

        if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The day must be written yyyy-MM-dd, e.g. 2026-11-30.", detail: $"Got '{dayText}'.");
        }

        Reconciliation.Scheduling.ReconciliationRun? run;
        try
        {
            run = await job.RunDayAsync(day, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: ex.Message.Split(" (Parameter", 2)[0]);
        }

        if (run is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Another instance is working on {dayText} right now; nothing was started here.",
                detail: "Reload the day's page in a few minutes.");
        }

        var logger = Logger(context);
        var user = UserName(context);
        var state = run.State.ToString();
        OperationsLog.ReconciliationDayRun(logger, user, dayText, state);
        return Results.Redirect($"{context.Request.PathBase}{basePath}/reconciliation/{dayText}?done=run", permanent: false, preserveMethod: false);
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
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Say what was done about the refund in 1 to {MaxResolutionLength} characters; this text has {resolution.Length}.");
        }

        if (resolution.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Say what was done in plain text: the resolution contains a control character (such as NUL).");
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

    /// <summary>
    /// Refuses a POST that did not come from the page itself: another site's request (by <c>Sec-Fetch-Site</c>, or an
    /// <c>Origin</c>, or without one a <c>Referer</c>, that is not this page's own origin), or one without this site's
    /// antiforgery token. A page elsewhere must not act with the user's cookie, even replaying a valid token.
    /// </summary>
    private static async Task<IResult?> RefuseForgeryAsync(HttpContext context)
    {
        if (CrossSite(context.Request) is { } from)
        {
            OperationsLog.ForgeryRefused(Logger(context), UserName(context), "request from " + from);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This action must be sent from the operations page itself.",
                detail: $"The request came from {from}. Open the page on this site and use its button.");
        }

        // The form is read here first, so that a form the server cannot read is named as such, not as a forgery.
        try
        {
            await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            // Too large, or a value the form reader refuses (a NUL, for one).
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The form could not be read: say what was done in plain text of at most {MaxResolutionLength} characters.",
                detail: ex.Message);
        }

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

    /// <summary>Where a request came from when that is another site, or <see langword="null"/> for the page's own origin.</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host}";
        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return "another site (Sec-Fetch-Site: cross-site)";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : origin;
        }

        var referer = request.Headers.Referer.ToString();
        return referer.Length > 0 && Uri.TryCreate(referer, UriKind.Absolute, out var from)
            && !string.Equals(from.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase)
                ? from.GetLeftPart(UriPartial.Authority)
                : null;
    }

    /// <summary>The signed-in user, as the log and the quarantine record it.</summary>
    internal static string UserName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous (development)";

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TikiVip.Sdk.Operations");
}
