namespace TikiVip.Sdk.Outbox;

/// <summary>
/// A durable queue of IPNs, delivered by a background service in any instance, at least once, following Tiki's
/// flow; nothing enqueued is ever silently dropped. The abstraction lives here so that pages and tools work with
/// any provider; a provider adds its own way to enqueue inside the partner's transaction (with PostgreSQL:
/// <c>EnqueueAsync(ipn, npgsqlTransaction)</c> from <c>TikiVip.Sdk.PostgreSql</c>).
/// </summary>
public interface IIpnOutbox
{
    /// <summary>
    /// Queues an IPN in its own transaction. One payment outcome is one IPN: enqueueing the same Tiki transaction id
    /// and status again (a retry after a timeout, a crash before the caller's response) returns the existing entry's
    /// id and sends nothing more; a different status for the same transaction is a new entry.
    /// </summary>
    /// <param name="ipn">The IPN to deliver.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>The outbox id of the entry (the existing one for a repeated outcome).</returns>
    /// <exception cref="InvalidOperationException">The same outcome is queued already with another partner transaction id or amount.</exception>
    Task<long> EnqueueAsync(IpnRequest ipn, CancellationToken cancellationToken = default);

    /// <summary>Finds entries by state and transaction id in the store itself, newest first, a page at a time.</summary>
    /// <param name="query">The filters, the page's start and size.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page, with where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not between 1 and 10,000.</exception>
    Task<KeysetPage<IpnOutboxEntry>> QueryAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>One entry by its outbox id.</summary>
    /// <param name="id">The outbox id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The entry, or <see langword="null"/> when there is none with that id.</returns>
    Task<IpnOutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every call made to Tiki for an entry (IPNs and lookups), oldest first.</summary>
    /// <param name="id">The outbox id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The attempts; empty for an entry never sent or unknown.</returns>
    Task<IReadOnlyList<IpnOutboxAttempt>> GetAttemptsAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed entry back in the queue for delivery now.</summary>
    /// <param name="id">The outbox id.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>Whether a failed entry was requeued (<see langword="false"/> when it is not failed).</returns>
    Task<bool> RequeueAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>How many entries match a query's state, transaction and recommended action (its paging is ignored).</summary>
    /// <param name="query">The filters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The number of matching entries.</returns>
    Task<long> CountAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts every failed entry matching a query's transaction and recommended action back in the queue, in one
    /// statement (its state and paging are ignored). Entries Tiki refused for good
    /// (<see cref="TikiVipRecommendedAction.RefundCustomer"/>) are never requeued in bulk: sending them again means
    /// nothing until Tiki says the transaction is fixed, so each is requeued on its own with <see cref="RequeueAsync(long, CancellationToken)"/>.
    /// </summary>
    /// <param name="query">The filters.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>How many entries were requeued.</returns>
    Task<long> RequeueFailedAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the failed entries matching a query back in the queue as <see cref="RequeueFailedAsync(IpnOutboxQuery, CancellationToken)"/>
    /// does, but only if exactly <paramref name="confirmedCount"/> match when it runs: the count and the requeue are
    /// one statement, so what a person confirmed is exactly what is sent again, never an entry that failed meanwhile.
    /// </summary>
    /// <param name="query">The filters.</param>
    /// <param name="confirmedCount">How many entries the person was shown and confirmed.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns><paramref name="confirmedCount"/> when they were requeued; 0 when another number matched and nothing was.</returns>
    Task<long> RequeueFailedAsync(IpnOutboxQuery query, long confirmedCount, CancellationToken cancellationToken = default);

    /// <summary>How many entries are in each state, and since when the oldest pending one waits.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts, read in one statement; a store may stop counting at <see cref="IpnOutboxSummary.CountLimit"/>.</returns>
    Task<IpnOutboxSummary> GetSummaryAsync(CancellationToken cancellationToken = default);
}
