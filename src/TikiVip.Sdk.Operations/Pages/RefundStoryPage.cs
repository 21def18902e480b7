using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One refund's story: every delivery Tiki made of it and how each was answered, its quarantine entry, and its transaction elsewhere.</summary>
internal static class RefundStoryPage
{
    internal const int Deliveries = 1_000;

    public static async Task<IResult> RenderAsync(OperationsPage page, string requestId, CancellationToken cancellationToken)
    {
        var history = page.Services.GetService<IRefundHistory>();
        var idempotency = page.Services.GetService<IRefundIdempotencyStore>();
        var quarantine = page.Services.GetService<IRefundQuarantine>();
        if (history is null || quarantine is null || idempotency is null)
        {
            return await page.RenderAsync<RefundStoryView>(new Model(requestId, Receives: false, false, [], [], [], null), StatusCodes.Status404NotFound).ConfigureAwait(false);
        }

        var deliveries = (await history.QueryAsync(new RefundHistoryQuery { Search = requestId, Limit = Deliveries }, cancellationToken).ConfigureAwait(false)).Entries
            .Where(d => string.Equals(d.RequestId, requestId, StringComparison.Ordinal)).Reverse().ToList(); // oldest first
        var kept = (await quarantine.QueryAsync(new RefundQuarantineQuery { Search = requestId, IncludeResolved = true }, cancellationToken).ConfigureAwait(false)).Entries
            .Where(q => string.Equals(q.RequestId, requestId, StringComparison.Ordinal)).ToList();
        var running = (await idempotency.ListInProgressAsync(ListLimit.Max, cancellationToken).ConfigureAwait(false)).Where(c => c.RequestId == requestId).ToList();
        var inMemory = history is ITikiVipStore { IsSharedByInstances: false };
        var related = deliveries.Count > 0
            ? await TransactionLinks.LoadAsync(page, deliveries[0].TikiTransactionId, deliveries[0].At, cancellationToken).ConfigureAwait(false)
            : null;
        var model = new Model(requestId, Receives: true, inMemory, deliveries, kept, running, related);
        return await page.RenderAsync<RefundStoryView>(model, model.IsUnknown ? StatusCodes.Status404NotFound : StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>The request's deliveries (oldest first), its quarantine entries, its running claim, and its transaction elsewhere.</summary>
    internal sealed record Model(
        string RequestId, bool Receives, bool InMemory, IReadOnlyList<RefundHistoryEntry> Deliveries, IReadOnlyList<QuarantinedRefund> Kept,
        IReadOnlyList<InProgressRefund> Running, TransactionLinks.Related? Related)
    {
        public bool IsUnknown => Deliveries.Count == 0 && Kept.Count == 0 && Running.Count == 0;
    }
}
