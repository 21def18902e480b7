using Npgsql;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// A durable queue of IPNs: enqueued in the database (optionally in the partner's own transaction, so "payment
/// recorded" and "IPN queued" commit together) and delivered by a background service in any instance, at least
/// once, following Tiki's flow. Nothing enqueued is ever silently dropped.
/// </summary>
public interface IIpnOutbox
{
    /// <summary>Queues an IPN in its own transaction; returns its outbox id.</summary>
    Task<long> EnqueueAsync(IpnRequest ipn, CancellationToken cancellationToken = default);

    /// <summary>Queues an IPN inside the caller's transaction: it exists only if that transaction commits.</summary>
    Task<long> EnqueueAsync(IpnRequest ipn, NpgsqlTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>Entries in a state, oldest first.</summary>
    Task<IReadOnlyList<IpnOutboxEntry>> GetAsync(IpnOutboxState state, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>The most recently changed entries, newest first.</summary>
    Task<IReadOnlyList<IpnOutboxEntry>> GetRecentAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed entry back in the queue for delivery now; returns false when it is not failed.</summary>
    Task<bool> RequeueAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>How many entries are in each state, and since when the oldest pending one waits.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts, read in one statement.</returns>
    Task<IpnOutboxSummary> GetSummaryAsync(CancellationToken cancellationToken = default);
}
