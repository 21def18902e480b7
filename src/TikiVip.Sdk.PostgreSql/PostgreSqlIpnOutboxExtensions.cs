using Npgsql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Outbox;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>The PostgreSQL outbox's own way in: enqueueing inside the partner's transaction.</summary>
public static class PostgreSqlIpnOutboxExtensions
{
    /// <summary>
    /// Queues an IPN inside the caller's transaction: it exists only if that transaction commits, so "payment
    /// recorded" and "IPN queued" commit together. A repeated outcome returns the existing entry's id, as
    /// <see cref="IIpnOutbox.EnqueueAsync(IpnRequest, CancellationToken)"/> does.
    /// </summary>
    /// <param name="outbox">The outbox <c>UsePostgreSql</c> registered.</param>
    /// <param name="ipn">The IPN to deliver.</param>
    /// <param name="transaction">The partner's open transaction, e.g. the one that records the payment.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>The outbox id of the entry (the existing one for a repeated outcome).</returns>
    /// <exception cref="InvalidOperationException">
    /// The outbox is not the PostgreSQL one, or the same outcome is queued already with another partner transaction id or amount.
    /// </exception>
    public static Task<long> EnqueueAsync(this IIpnOutbox outbox, IpnRequest ipn, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        return outbox is PostgreSqlIpnOutbox postgreSql
            ? postgreSql.EnqueueAsync(ipn, transaction, cancellationToken)
            : throw new InvalidOperationException($"Enqueueing inside an NpgsqlTransaction needs the PostgreSQL outbox (UsePostgreSql); this application's outbox is {outbox.GetType().Name}.");
    }
}
