using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Audit;
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
        return TryParseDay(value, out var day) ? render(page, day, cancellationToken) : Task.FromResult(NotADay(value));
    }

    public static Task<IResult> RetryIpnAsync(HttpContext context, string basePath, long id) => WithOutboxAsync(context, async outbox =>
    {
        const string Action = "Retry IPN";
        var user = UserName(context);
        var logger = Logger(context);
        var target = OperationsAuditTarget.Ipn(id);
        if (!await outbox.RequeueAsync(id, context.RequestAborted).ConfigureAwait(false))
        {
            OperationsLog.IpnRetryRefused(logger, user, id);
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, "not failed (or unknown): nothing was changed").ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"IPN {id} is not failed (or does not exist), so it was not requeued.",
                detail: "Reload the IPN page: it may have been retried by someone else already.");
        }

        OperationsLog.IpnRetried(logger, user, id);
        await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Done, "queued for delivery now").ConfigureAwait(false);
        return Back(context, basePath, $"/ipn?done=retried&id={id.ToString(CultureInfo.InvariantCulture)}");
    });

    public static Task<IResult> RetryFailedIpnsAsync(HttpContext context, string basePath) => WithOutboxAsync(context, async outbox =>
    {
        const string Action = "Retry failed IPNs";
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var filter = IpnFilter.From(form["q"].ToString(), form["action"].ToString());
        var described = filter.Describe();
        var target = OperationsAuditTarget.FailedIpns(described);
        // The count confirmed is checked in the same statement that requeues: an entry failing meanwhile is not sent.
        var confirmed = long.TryParse(form["expected"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var expected) && expected > 0;
        var requeued = confirmed ? await outbox.RequeueFailedAsync(filter.Query(), expected, context.RequestAborted).ConfigureAwait(false) : 0;
        if (requeued == 0)
        {
            var (count, _) = await filter.CountFailedAsync(outbox, context.RequestAborted).ConfigureAwait(false);
            var reason = count == 0 ? "no failed IPN that can be retried matches now"
                : confirmed ? $"{count:N0} match now, not the {expected:N0} confirmed"
                : $"{count:N0} match now and the form did not say how many were confirmed";
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, reason).ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Nothing was retried: {reason}.",
                detail: "Open the confirmation again: it shows how many match now.");
        }

        var user = UserName(context);
        var logger = Logger(context);
        OperationsLog.IpnsRetriedInBulk(logger, user, requeued, described);
        await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Done, $"{requeued:N0} requeued for delivery now").ConfigureAwait(false);
        return Back(context, basePath, $"/ipn?state=pending&done=retried-many&id={requeued.ToString(CultureInfo.InvariantCulture)}");
    });

    public static Task<IResult> FetchReconciliationResultsAsync(HttpContext context, string basePath, string dayText) => WithDayAsync(context, dayText, async (job, day) =>
    {
        const string Action = "Fetch Tiki's results again";
        var target = OperationsAuditTarget.ReconciliationDay(dayText);
        var user = UserName(context);
        var logger = Logger(context);
        Reconciliation.Scheduling.ReconciliationRun? run;
        try
        {
            run = await job.FetchResultsAsync(day, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            var refusal = "refused: " + ex.Message;
            OperationsLog.ReconciliationResultsFetched(logger, user, dayText, refusal);
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, ex.Message).ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Tiki's server could not be reached or refused the transport's credentials: said as the transport said it.
            var failure = "failed: " + ex.GetType().Name;
            OperationsLog.ReconciliationResultsFetched(logger, user, dayText, failure);
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Failed, ex.Message).ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Tiki's results could not be fetched; nothing was compared.", detail: ex.Message);
        }

        if (run is null)
        {
            return await HeldElsewhereAsync(context, Action, dayText, "fetched").ConfigureAwait(false);
        }

        var matched = run.State == Reconciliation.Scheduling.ReconciliationRunState.Matched;
        var outcome = matched ? $"compared again: {run.Mismatches:N0} mismatches" : "the comparison failed: " + run.Error;
        OperationsLog.ReconciliationResultsFetched(logger, user, dayText, outcome);
        await OperationsAudit.RecordAsync(context, Action, target, matched ? OperationsAuditOutcome.Done : OperationsAuditOutcome.Failed, outcome).ConfigureAwait(false);
        return Back(context, basePath, $"/reconciliation/{dayText}?done=fetched");
    });

    public static Task<IResult> RunReconciliationDayAsync(HttpContext context, string basePath, string dayText) => WithDayAsync(context, dayText, async (job, day) =>
    {
        const string Action = "Deliver reconciliation day";
        var target = OperationsAuditTarget.ReconciliationDay(dayText);
        if (day >= job.Today)
        {
            var reason = $"{day:yyyy-MM-dd} is not over yet in Vietnam (today is {job.Today:yyyy-MM-dd}); only past days can be delivered.";
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, reason).ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: reason);
        }

        var run = await job.RunDayAsync(day, context.RequestAborted).ConfigureAwait(false);

        if (run is null)
        {
            return await HeldElsewhereAsync(context, Action, dayText, "started").ConfigureAwait(false);
        }

        var logger = Logger(context);
        var user = UserName(context);
        var state = run.State.ToString();
        OperationsLog.ReconciliationDayRun(logger, user, dayText, state);
        await OperationsAudit.RecordAsync(context, Action, target, run.IsDelivered ? OperationsAuditOutcome.Done : OperationsAuditOutcome.Failed,
            run.IsDelivered ? "on Tiki's server" : run.Error).ConfigureAwait(false);
        return Back(context, basePath, $"/reconciliation/{dayText}?done=run");
    });

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

        const string Action = "Resolve quarantined refund";
        var target = OperationsAuditTarget.QuarantinedRefund(id);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var resolution = form["resolution"].ToString().Trim();
        if (resolution.Length == 0 || resolution.Length > MaxResolutionLength)
        {
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, $"resolution of {resolution.Length} characters").ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Say what was done about the refund in 1 to {MaxResolutionLength} characters; this text has {resolution.Length}.");
        }

        if (resolution.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, "resolution with a control character").ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Say what was done in plain text: the resolution contains a control character (such as NUL).");
        }

        var user = UserName(context);
        var logger = Logger(context);
        if (!await quarantine.ResolveAsync(id, user, resolution, context.RequestAborted).ConfigureAwait(false))
        {
            OperationsLog.RefundResolveRefused(logger, user, id);
            await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Refused, "not waiting (resolved already, or unknown)").ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "That quarantined refund is not waiting (resolved already, or unknown); nothing was changed.");
        }

        OperationsLog.RefundResolved(logger, user, id, resolution);
        await OperationsAudit.RecordAsync(context, Action, target, OperationsAuditOutcome.Done, resolution).ConfigureAwait(false);
        return Back(context, basePath, $"/refunds?done=resolved&id={Uri.EscapeDataString(id)}");
    }

    /// <summary>An outbox action: refused when the request is not the page's own, 404 without an outbox, else <paramref name="act"/>.</summary>
    private static async Task<IResult> WithOutboxAsync(HttpContext context, Func<IIpnOutbox, Task<IResult>> act)
    {
        if (await RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        return context.RequestServices.GetService<IIpnOutbox>() is { } outbox
            ? await act(outbox).ConfigureAwait(false)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This application has no IPN outbox (UsePostgreSql).");
    }

    /// <summary>A reconciliation action on one day: refused when the request is not the page's own, 404 without the job, 400 for a day that is not one.</summary>
    private static async Task<IResult> WithDayAsync(HttpContext context, string dayText, Func<Reconciliation.Scheduling.ReconciliationJob, DateOnly, Task<IResult>> act)
    {
        if (await RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (context.RequestServices.GetService<Reconciliation.Scheduling.ReconciliationJob>() is not { } job)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Reconciliation is not set up in this application (AddReconciliation).");
        }

        return TryParseDay(dayText, out var day) ? await act(job, day).ConfigureAwait(false) : NotADay(dayText);
    }

    /// <summary>Another instance holds the day's lease: nothing was done here, and the trail says so.</summary>
    private static async Task<IResult> HeldElsewhereAsync(HttpContext context, string action, string dayText, [System.Diagnostics.CodeAnalysis.ConstantExpected] string what)
    {
        await OperationsAudit.RecordAsync(context, action, OperationsAuditTarget.ReconciliationDay(dayText), OperationsAuditOutcome.Refused, "another instance was working on the day").ConfigureAwait(false);
        return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Another instance is working on {dayText} right now; nothing was {what} here.",
            detail: "Reload the day's page in a few minutes.");
    }

    private static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static IResult NotADay(string text) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The day must be written yyyy-MM-dd, e.g. 2026-11-30.", detail: $"Got '{text}'.");

    /// <summary>Back to one of the pages after an action (a 302 the browser follows with a GET).</summary>
    private static IResult Back(HttpContext context, string basePath, string pathAndQuery) =>
        Results.Redirect($"{context.Request.PathBase}{basePath}{pathAndQuery}", permanent: false, preserveMethod: false);

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
            await OperationsAudit.RecordAsync(context, "POST", OperationsAuditTarget.Other(context.Request.Path), OperationsAuditOutcome.Refused, "sent from another site: " + from).ConfigureAwait(false);
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
            await OperationsAudit.RecordAsync(context, "POST", OperationsAuditTarget.Other(context.Request.Path), OperationsAuditOutcome.Refused, "antiforgery token missing or invalid").ConfigureAwait(false);
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
