namespace TikiVip.Sdk.Refunds;

/// <summary>
/// What support staff see of refunds: how recent deliveries were answered and which refunds are running now. Held
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
    ValueTask RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Searches and filters the deliveries in the store, newest first, a page at a time (keyset paging).</summary>
    /// <param name="query">The search, the filter, the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page and where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1 to 10,000.</exception>
    ValueTask<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken);

    /// <summary>Refunds claimed and not yet completed or given back, oldest first.</summary>
    /// <param name="limit">At most this many (1 to 10,000).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The claims.</returns>
    ValueTask<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken);
}
