namespace TikiVip.Sdk.Refunds;

/// <summary>
/// What support staff see of refunds: how recent deliveries were answered (those running now are the
/// idempotency store's, <see cref="IRefundIdempotencyStore.ListInProgressAsync"/>). Held
/// by the same backend as the idempotency store (in memory by default: this process's last deliveries only;
/// PostgreSQL with <c>UsePostgreSql</c>: every instance's, kept as long as the idempotency records). Advisory: a
/// failure to record never changes the answer Tiki gets.
/// </summary>
public interface IRefundHistory
{
    /// <summary>Records how a delivery was answered.</summary>
    /// <param name="entry">The delivery.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is recorded.</returns>
    Task RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Searches and filters the deliveries in the store, newest first, a page at a time (keyset paging).</summary>
    /// <param name="query">The search, the filter, the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page and where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1 to 10,000.</exception>
    Task<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken = default);

}
