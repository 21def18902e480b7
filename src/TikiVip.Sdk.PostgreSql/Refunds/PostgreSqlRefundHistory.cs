using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>
/// The refund history on PostgreSQL: every instance's deliveries, deleted with the idempotency records once the
/// retention has passed.
/// </summary>
internal sealed class PostgreSqlRefundHistory : IRefundHistory, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _history;

    public PostgreSqlRefundHistory(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options, TimeProvider time)
    {
        _dataSource = dataSource.Value;
        _time = time;
        var schema = TikiVipPostgreSqlMigrator.Quote(options.Value.Schema);
        _history = schema + ".refund_history";
    }

    public async Task RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken)
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

    public async Task<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken)
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

    /// <summary>Deletes entries older than the retention; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"DELETE FROM {_history} WHERE at < @cutoff");
        command.Parameters.AddWithValue("cutoff", _time.GetUtcNow() - retention);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

}
