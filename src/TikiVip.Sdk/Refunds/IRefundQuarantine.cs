namespace TikiVip.Sdk.Refunds;

/// <summary>
/// Where authentic refunds that failed validation wait for a person, held by the same backend as the
/// idempotency store (in memory by default, PostgreSQL with <c>UsePostgreSql</c>). Until an entry is resolved,
/// Tiki is answered 500 and keeps retrying; once resolved, the next retry is answered 200.
/// </summary>
public interface IRefundQuarantine
{
    /// <summary>Keeps a refund, or counts one more delivery of one already kept (same body, same id).</summary>
    /// <param name="refund">The refund as received.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry as stored now: its delivery count, and whether it was resolved.</returns>
    Task<QuarantinedRefund> AddAsync(QuarantinedRefund refund, CancellationToken cancellationToken = default);

    /// <summary>Searches and pages the quarantine in the store, most recently received first (keyset paging).</summary>
    /// <param name="query">The search, whether resolved entries count, the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page and where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1 to 10,000.</exception>
    /// <exception cref="ArgumentException">The cursor is not one this store wrote.</exception>
    Task<RefundQuarantinePage> QueryAsync(RefundQuarantineQuery query, CancellationToken cancellationToken = default);

    /// <summary>Marks a kept refund as handled by a person.</summary>
    /// <param name="id">The entry's <see cref="QuarantinedRefund.Id"/>.</param>
    /// <param name="resolvedBy">Who handled it.</param>
    /// <param name="resolution">What was done (refunded by hand, refused with Tiki, ...).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>Whether an unresolved entry with that id was resolved.</returns>
    Task<bool> ResolveAsync(string id, string resolvedBy, string resolution, CancellationToken cancellationToken = default);
}
