using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Refunds: quarantined callbacks waiting for a person, refunds running now, and how recent deliveries were answered.</summary>
internal static class RefundsPage
{
    internal const int Limit = 100;
    internal const int ResolvedShown = 20;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var quarantine = page.Services.GetService<IRefundQuarantine>();
        var history = page.Services.GetService<IRefundHistory>();
        var idempotency = page.Services.GetService<IRefundIdempotencyStore>();
        if (quarantine is null || history is null || idempotency is null)
        {
            return await page.RenderAsync<RefundsView>(Model.NotReceived).ConfigureAwait(false);
        }

        // Searched, filtered and paged by the store (keyset on the id), so a delivery is found whatever its age.
        var query = page.Context.Request.Query;
        var search = query["q"].ToString().Trim();
        var outcome = Enum.TryParse<RefundOutcome>(query["outcome"].ToString(), ignoreCase: true, out var o) && Enum.IsDefined(o) ? o : (RefundOutcome?)null;
        var before = long.TryParse(query["before"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await history.QueryAsync(new RefundHistoryQuery { Search = search, Outcome = outcome, Before = before, Limit = Limit }, cancellationToken).ConfigureAwait(false);

        // A search looks at resolved entries too: "what happened to this refund?"
        RefundQuarantineQuery Kept(string? after) => new() { Search = search, IncludeResolved = search.Length > 0, After = after, Limit = Limit };
        var after = query["after"].ToString();
        RefundQuarantinePage waiting;
        var staleLink = false;
        try
        {
            waiting = await quarantine.QueryAsync(Kept(after.Length > 0 ? after : null), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            staleLink = true;
            waiting = await quarantine.QueryAsync(Kept(null), cancellationToken).ConfigureAwait(false);
        }

        var running = await idempotency.ListInProgressAsync(Limit, cancellationToken).ConfigureAwait(false);
        var resolved = (await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = Limit }, cancellationToken).ConfigureAwait(false)).Entries
            .Where(e => e.ResolvedAt is not null).Take(ResolvedShown).ToList();
        var inMemory = history is ITikiVipStore { IsSharedByInstances: false };
        return await page.RenderAsync<RefundsView>(new Model(true, inMemory, search, outcome, staleLink, waiting, running, found, resolved)).ConfigureAwait(false);
    }

    /// <summary>What the refunds page shows; <see cref="Receives"/> is <see langword="false"/> without <c>AddRefundHandler</c>.</summary>
    internal sealed record Model(
        bool Receives, bool InMemory, string Search, RefundOutcome? Outcome, bool StaleLink, RefundQuarantinePage? Waiting,
        IReadOnlyList<InProgressRefund> Running, KeysetPage<RefundHistoryEntry>? Deliveries, IReadOnlyList<QuarantinedRefund> Resolved)
    {
        public static readonly Model NotReceived = new(false, false, "", null, false, null, [], null, []);
    }

    /// <summary>How a delivery was answered, in words.</summary>
    internal static (Tone Tone, string Text) Outcome(RefundOutcome outcome) => outcome switch
    {
        RefundOutcome.Accepted => (Tone.Ok, "Refunded (200)"),
        RefundOutcome.Duplicate => (Tone.Ok, "Retry of a completed refund: answered 200 again"),
        RefundOutcome.InProgress => (Tone.Warn, "Still running elsewhere: Tiki retries"),
        RefundOutcome.Conflict => (Tone.Bad, "Request id reused for another refund (409)"),
        RefundOutcome.Failed => (Tone.Bad, "Not refunded: Tiki retries"),
        RefundOutcome.StoreUnavailable => (Tone.Bad, "Store unavailable: Tiki retries"),
        RefundOutcome.ExceedsTransactionAmount => (Tone.Bad, "More than was paid: quarantined, Tiki retries"),
        _ => (Tone.None, outcome.ToString()),
    };

    internal static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
