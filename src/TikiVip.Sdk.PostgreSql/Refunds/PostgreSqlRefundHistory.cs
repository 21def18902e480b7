using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>
/// The refund history on PostgreSQL: every instance's deliveries, deleted with the idempotency records once the
/// retention has passed; the refunds in progress are the claims of <c>refund_requests</c>, with their leases.
/// </summary>
internal sealed class PostgreSqlRefundHistory : IRefundHistory, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => TikiVipStorageDescriptions.PostgreSql;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _history;
    private readonly string _requests;

    public PostgreSqlRefundHistory(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options, TimeProvider time)
    {
        _dataSource = dataSource.Value;
        _time = time;
        var schema = TikiVipPostgreSqlMigrator.Quote(options.Value.Schema);
        _history = schema + ".refund_history";
        _requests = schema + ".refund_requests";
    }

    public async ValueTask RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_history} (request_id, tiki_transaction_id, amount, outcome, detail, at)
            VALUES (@requestId, @tikiTransactionId, @amount, @outcome, @detail, @at)
            """);
        command.Parameters.AddWithValue("requestId", entry.RequestId);
        command.Parameters.AddWithValue("tikiTransactionId", entry.TikiTransactionId);
        command.Parameters.AddWithValue("amount", entry.Amount);
        command.Parameters.AddWithValue("outcome", (short)entry.Outcome);
        command.Parameters.Add(new NpgsqlParameter<string?>("detail", entry.Detail) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue("at", entry.At);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        using var command = _dataSource.CreateCommand();
        var where = new SqlConditions(command);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Exact but in any case, so each side is an index lookup (schema version 8).
            where.Add("(lower(request_id) = lower(@search) OR lower(tiki_transaction_id) = lower(@search))", "search", query.Search.Trim());
        }

        if (query.Outcome is { } outcome)
        {
            where.Add("outcome = @outcome", "outcome", (short)outcome);
        }

        if (query.Before is { } before)
        {
            where.Add("id < @before", "before", before);
        }

        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = $"SELECT id, request_id, tiki_transaction_id, amount, outcome, detail, at FROM {_history} {where} ORDER BY id DESC LIMIT @limit";
        var entries = new List<RefundHistoryEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new RefundHistoryEntry
            {
                Id = reader.GetInt64(0),
                RequestId = reader.GetString(1),
                TikiTransactionId = reader.GetString(2),
                Amount = reader.GetInt64(3),
                Outcome = (RefundOutcome)reader.GetInt16(4),
                Detail = reader.IsDBNull(5) ? null : reader.GetString(5),
                At = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return KeysetPage.FromRowsRead(entries, limit, e => e.Id);
    }

    public async ValueTask<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken)
    {
        ListLimit.Check(limit);
        using var command = _dataSource.CreateCommand($"""
            SELECT request_id, claimed_at, lease_until FROM {_requests} WHERE state = {StoredStates.RefundRunning} ORDER BY claimed_at, request_id LIMIT @limit
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

    /// <summary>Deletes entries older than the retention; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_history} WHERE at < @cutoff");
        command.Parameters.AddWithValue("cutoff", _time.GetUtcNow() - retention);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

}
