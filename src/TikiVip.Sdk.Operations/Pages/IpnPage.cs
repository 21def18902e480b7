using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The IPN outbox: counts by state, the oldest pending entry, and the entries with what to do about them.</summary>
internal static class IpnPage
{
    internal const int Limit = 200;

    /// <summary>The states a person filters by, as the query string and the page's select say them.</summary>
    internal static readonly (string Value, string Label)[] States =
        [("", "Recently changed"), ("failed", "Failed"), ("pending", "Pending"), ("confirmed", "Confirmed by lookup"), ("delivered", "Delivered")];

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        if (page.Services.GetService<IIpnOutbox>() is not { } outbox)
        {
            return await page.RenderAsync<IpnView>(new Model(null, "", IpnFilter.From("", ""), null, 0, null)).ConfigureAwait(false);
        }

        var query = page.Context.Request.Query;
        var stateText = query["state"].ToString();
        var state = ParseState(stateText);
        var filter = IpnFilter.From(query["q"].ToString(), query["action"].ToString());
        var summary = await outbox.GetSummaryAsync(cancellationToken).ConfigureAwait(false);
        var retryable = state == IpnOutboxState.Failed ? (await filter.CountFailedAsync(outbox, cancellationToken).ConfigureAwait(false)).Retryable : 0;

        // Searched, filtered and paged by the store (keyset on the id), so an entry is found whatever its age.
        var before = long.TryParse(query["before"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await outbox.QueryAsync(filter.Query(state, before, Limit), cancellationToken).ConfigureAwait(false);
        return await page.RenderAsync<IpnView>(new Model(summary, stateText, filter, found, retryable, state)).ConfigureAwait(false);
    }

    /// <summary>The confirmation of a bulk retry: how many failed IPNs the filter matches now, and what retrying them does.</summary>
    public static async Task<IResult> RenderRetryFailedAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var filter = IpnFilter.From(page.Context.Request.Query["q"].ToString(), page.Context.Request.Query["action"].ToString());
        if (page.Services.GetService<IIpnOutbox>() is not { } outbox)
        {
            return await page.RenderAsync<IpnRetryFailedView>(new RetryFailedModel(HasOutbox: false, filter, 0, 0), StatusCodes.Status404NotFound).ConfigureAwait(false);
        }

        var (count, refusedForGood) = await filter.CountFailedAsync(outbox, cancellationToken).ConfigureAwait(false);
        return await page.RenderAsync<IpnRetryFailedView>(new RetryFailedModel(HasOutbox: true, filter, count, refusedForGood)).ConfigureAwait(false);
    }

    /// <summary>What the list shows; <see cref="Summary"/> is <see langword="null"/> when the application has no outbox.</summary>
    internal sealed record Model(IpnOutboxSummary? Summary, string StateText, IpnFilter Filter, KeysetPage<IpnOutboxEntry>? Found, long Retryable, IpnOutboxState? State);

    internal sealed record RetryFailedModel(bool HasOutbox, IpnFilter Filter, long Count, long RefusedForGood);

    /// <summary>A state's badge.</summary>
    internal static (Tone Tone, string Text) StateBadge(IpnOutboxEntry entry) => entry.State switch
    {
        IpnOutboxState.Delivered => (Tone.Ok, "Delivered"),
        IpnOutboxState.ConfirmedByLookup => (Tone.Ok, "Confirmed by lookup: " + entry.TikiStatus),
        IpnOutboxState.Failed => (Tone.Bad, "Failed"),
        _ => (Tone.Warn, "Pending"),
    };

    /// <summary>Tiki's recommended action, kept by the outbox in a field of its own, said as an instruction.</summary>
    internal static string WhatToDo(IpnOutboxEntry entry)
    {
        if (entry.State == IpnOutboxState.Delivered)
        {
            return "Nothing: Tiki has it.";
        }

        if (entry.State == IpnOutboxState.ConfirmedByLookup)
        {
            return "Nothing to resend: Tiki's lookup shows the transaction; check that its status matches yours.";
        }

        var action = entry.RecommendedAction;
        var advice = action switch
        {
            TikiVipRecommendedAction.CheckRequest => "Tiki says the request is wrong: fix the payment's data, then retry.",
            TikiVipRecommendedAction.RefundCustomer => "Tiki will not honour this payment: refund the customer and do not deliver the service. Do not retry.",
            TikiVipRecommendedAction.CheckTransactionId => "Tiki does not know this transaction id (or it is another partner's): check it, then retry.",
            TikiVipRecommendedAction.CheckCredentials => "Tiki refused the credentials or signature: check the client id, secret and server clock, then retry.",
            TikiVipRecommendedAction.Retry => "Transient: the SDK retries by itself.",
            TikiVipRecommendedAction.LookUpAgain => "Tiki has the transaction as PENDING: the SDK looks it up again; neither deliver nor refund yet.",
            _ => "See the error.",
        };
        return entry.State == IpnOutboxState.Failed && action is TikiVipRecommendedAction.Retry or TikiVipRecommendedAction.None
            ? "Tiki could not be reached and the lookup did not find it: retry now once Tiki answers again."
            : advice;
    }

    private static IpnOutboxState? ParseState(string value) => value switch
    {
        "pending" => IpnOutboxState.Pending,
        "delivered" => IpnOutboxState.Delivered,
        "confirmed" => IpnOutboxState.ConfirmedByLookup,
        "failed" => IpnOutboxState.Failed,
        _ => null,
    };
}
