using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.TestSupport;

/// <summary>The tests' short ways to read the quarantine and the history, through each store's one query API.</summary>
internal static class RefundQueries
{
    /// <summary>Kept refunds, most recently received first; resolved ones too when asked.</summary>
    public static async Task<IReadOnlyList<QuarantinedRefund>> ListAsync(this IRefundQuarantine quarantine, bool includeResolved, int limit, CancellationToken cancellationToken) =>
        (await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = includeResolved, Limit = limit }, cancellationToken)).Entries;

    /// <summary>The most recent deliveries, newest first.</summary>
    public static async Task<IReadOnlyList<RefundHistoryEntry>> ListRecentAsync(this IRefundHistory history, int limit, CancellationToken cancellationToken) =>
        (await history.QueryAsync(new RefundHistoryQuery { Limit = limit }, cancellationToken)).Entries;
}
