using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>
/// Refund idempotency shared by every instance on one database. The claim is a single atomic statement; a claim
/// left in progress by a crashed instance (or a run that outlived its lease) is taken over once its lease ends;
/// each run's claim carries its own token, so a run can only complete or release its own claim, and a run whose
/// claim was taken over is logged as a possible double refund. What each Tiki transaction has refunded is kept in
/// refund_totals, reserved with the claim and given back with a release; it outlives the retention of the request
/// ids (one short row per refunded transaction), so a late partial refund is still checked against the whole.
/// </summary>
internal sealed partial class PostgreSqlRefundIdempotencyStore : IRefundIdempotencyStore, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TikiVipPostgreSqlOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _table;
    private readonly string _totals;

    public PostgreSqlRefundIdempotencyStore(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options, TimeProvider time, ILogger<PostgreSqlRefundIdempotencyStore> logger)
    {
        _dataSource = dataSource.Value;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _table = TikiVipPostgreSqlMigrator.Quote(_options.Schema) + ".refund_requests";
        _totals = TikiVipPostgreSqlMigrator.Quote(_options.Schema) + ".refund_totals";
    }

    public async Task<RefundClaim> TryClaimAsync(RefundRequest refund, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var requestId = refund.RequestId;
        var now = _time.GetUtcNow();
        var token = Guid.NewGuid();

        // The claim and the amount it reserves commit together: two refunds of one transaction racing on two
        // instances serialise on the transaction's row in refund_totals, so they cannot both pass the limit.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        // Claims a new id, or takes over an abandoned claim of the same refund (its amount is reserved already).
        bool? inserted = null;
        using (var claim = new NpgsqlCommand($"""
            INSERT INTO {_table} AS r (request_id, fingerprint, state, claim_token, lease_until, claimed_at, tiki_transaction_id, refund_amount)
            VALUES (@id, @fingerprint, {StoredStates.RefundRunning}, @token, @lease, @now, @tikiId, @amount)
            ON CONFLICT (request_id) DO UPDATE
               SET claim_token = EXCLUDED.claim_token, lease_until = EXCLUDED.lease_until, claimed_at = EXCLUDED.claimed_at
             WHERE r.state = {StoredStates.RefundRunning} AND r.lease_until < @now AND r.fingerprint = EXCLUDED.fingerprint
            RETURNING (r.xmax = 0)
            """, connection, transaction))
        {
            claim.Parameters.AddWithValue("id", requestId);
            claim.Parameters.AddWithValue("fingerprint", fingerprint);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("lease", now + _options.RefundClaimLease);
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("tikiId", refund.TikiTransactionId);
            claim.Parameters.AddWithValue("amount", refund.RefundAmount);
            inserted = await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as bool?;
        }

        if (inserted is true)
        {
            using var reserve = new NpgsqlCommand($"""
                INSERT INTO {_totals} AS t (tiki_transaction_id, refunded, updated_at) VALUES (@tikiId, @amount, @now)
                ON CONFLICT (tiki_transaction_id) DO UPDATE SET refunded = t.refunded + EXCLUDED.refunded, updated_at = EXCLUDED.updated_at
                 WHERE t.refunded + EXCLUDED.refunded <= @paid
                RETURNING refunded
                """, connection, transaction);
            reserve.Parameters.AddWithValue("tikiId", refund.TikiTransactionId);
            reserve.Parameters.AddWithValue("amount", refund.RefundAmount);
            reserve.Parameters.AddWithValue("paid", refund.TransactionAmount);
            reserve.Parameters.AddWithValue("now", now);
            if (await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new RefundClaim(requestId, RefundClaimStatus.ExceedsTransactionAmount, alreadyRefunded: await RefundedAsync(connection, refund.TikiTransactionId, cancellationToken).ConfigureAwait(false));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (inserted is not null)
        {
            return new RefundClaim(requestId, RefundClaimStatus.Claimed, token.ToString("N"));
        }

        using var existing = new NpgsqlCommand($"SELECT fingerprint, state FROM {_table} WHERE request_id = @id", connection);
        existing.Parameters.AddWithValue("id", requestId);
        var reader = await existing.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Released between the two statements: Tiki's next attempt will claim it.
            return new RefundClaim(requestId, RefundClaimStatus.InProgress);
        }

        return new RefundClaim(requestId, reader.GetString(0) != fingerprint ? RefundClaimStatus.Conflict
            : reader.GetInt16(1) == StoredStates.RefundCompleted ? RefundClaimStatus.AlreadyCompleted
            : RefundClaimStatus.InProgress);
    }

    private async Task<long> RefundedAsync(NpgsqlConnection connection, string tikiTransactionId, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand($"SELECT refunded FROM {_totals} WHERE tiki_transaction_id = @tikiId", connection);
        command.Parameters.AddWithValue("tikiId", tikiTransactionId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long? ?? 0;
    }

    public async Task CompleteAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        if (!TryGetToken(claim, out var token))
        {
            return;
        }

        var requestId = claim.RequestId;
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET state = {StoredStates.RefundCompleted}, completed_at = @now WHERE request_id = @id AND claim_token = @token AND state = {StoredStates.RefundRunning}
            """);
        command.Parameters.AddWithValue("id", requestId);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            LogClaimLost(_logger, requestId, _options.RefundClaimLease);
        }
    }

    public async Task ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        if (!TryGetToken(claim, out var token))
        {
            return;
        }

        // The claim and the amount it reserved go together, in one statement.
        using var command = _dataSource.CreateCommand($"""
            WITH released AS (
                DELETE FROM {_table} WHERE request_id = @id AND claim_token = @token AND state = {StoredStates.RefundRunning}
                RETURNING tiki_transaction_id, refund_amount)
            UPDATE {_totals} AS t SET refunded = t.refunded - released.refund_amount, updated_at = @now
              FROM released WHERE t.tiki_transaction_id = released.tiki_transaction_id
            """);
        command.Parameters.AddWithValue("id", claim.RequestId);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool TryGetToken(RefundClaim claim, out Guid token)
    {
        ArgumentNullException.ThrowIfNull(claim);
        token = default;
        return claim.Status == RefundClaimStatus.Claimed && Guid.TryParseExact(claim.Token, "N", out token);
    }

    /// <summary>Deletes completed refunds older than the retention; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE state = {StoredStates.RefundCompleted} AND completed_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", _time.GetUtcNow() - retention);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2101, EventName = "RefundStoreClaimLost", Level = LogLevel.Error, Message = "Refund {RequestId} completed after its claim lease ({Lease}) ended and another instance took it over: it may have run twice. Raise RefundClaimLease above the longest handler run.")]
    private static partial void LogClaimLost(ILogger logger, string requestId, TimeSpan lease);

    public async Task<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken)
    {
        ListLimit.Check(limit);
        using var command = _dataSource.CreateCommand($"""
            SELECT request_id, claimed_at, lease_until FROM {_table} WHERE state = {StoredStates.RefundRunning} ORDER BY claimed_at, request_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        var claims = new List<InProgressRefund>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claims.Add(new InProgressRefund
            {
                RequestId = reader.GetString(0),
                ClaimedAt = reader.GetFieldValue<DateTimeOffset>(1),
                LeaseUntil = reader.GetFieldValue<DateTimeOffset>(2),
            });
        }

        return claims;
    }
}
