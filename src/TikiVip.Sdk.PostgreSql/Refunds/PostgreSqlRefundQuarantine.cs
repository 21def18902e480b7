using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>
/// The refund quarantine on PostgreSQL: durable and shared by every instance, so an authentic refund whose body
/// failed validation survives restarts and is seen from any instance (and from <c>tikivip refund quarantine</c>).
/// </summary>
internal sealed class PostgreSqlRefundQuarantine : IRefundQuarantine, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    private const string Columns = "id, request_id, body, field, problem, first_received_at, last_received_at, deliveries, resolved_at, resolved_by, resolution";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _table;

    public PostgreSqlRefundQuarantine(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options, TimeProvider time)
        : this(dataSource.Value, options.Value.Schema, time)
    {
    }

    internal PostgreSqlRefundQuarantine(NpgsqlDataSource dataSource, string schema, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _table = TikiVipPostgreSqlMigrator.Quote(schema) + ".refund_quarantine";
    }

    public async Task<QuarantinedRefund> AddAsync(QuarantinedRefund refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} AS q (id, request_id, body, field, problem, first_received_at, last_received_at)
            VALUES (@id, @requestId, @body, @field, @problem, @now, @now)
            ON CONFLICT (id) DO UPDATE SET deliveries = q.deliveries + 1, last_received_at = EXCLUDED.last_received_at
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue("id", refund.Id);
        command.Parameters.Add(new NpgsqlParameter<string?>("requestId", refund.RequestId) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[]>("body", refund.Body.ToArray()) { NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<string?>("field", refund.Field) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue("problem", refund.Problem);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).Single();
    }

    public async Task<RefundQuarantinePage> QueryAsync(RefundQuarantineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        using var command = _dataSource.CreateCommand();
        var where = new SqlConditions(command);
        if (!query.IncludeResolved)
        {
            where.Add("resolved_at IS NULL");
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Exact but in any case: an index lookup on the request id (schema version 8), or the primary key.
            where.Add("(lower(request_id) = lower(@search) OR id = lower(@search))", "search", query.Search.Trim());
        }

        if (query.After is not null)
        {
            if (!QuarantineCursor.TryParse(query.After, out var afterTime, out var afterId))
            {
                throw new ArgumentException($"'{query.After}' is not a page cursor of this quarantine.", nameof(query));
            }

            command.Parameters.AddWithValue("afterTime", afterTime);
            command.Parameters.AddWithValue("afterId", afterId);
            where.Add("(last_received_at < @afterTime OR (last_received_at = @afterTime AND id > @afterId))");
        }

        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = $"SELECT {Columns} FROM {_table} {where} ORDER BY last_received_at DESC, id LIMIT @limit";
        var entries = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return entries.Count > limit
            ? new RefundQuarantinePage(entries.Take(limit).ToArray(), QuarantineCursor.Of(entries[limit - 1]))
            : new RefundQuarantinePage(entries, null);
    }

    public async Task<bool> ResolveAsync(string id, string resolvedBy, string resolution, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolution);
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET resolved_at = @now, resolved_by = @by, resolution = @resolution WHERE id = @id AND resolved_at IS NULL
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("by", resolvedBy);
        command.Parameters.AddWithValue("resolution", resolution);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<IReadOnlyList<QuarantinedRefund>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<QuarantinedRefund>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QuarantinedRefund(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5))
            {
                LastReceivedAt = reader.GetFieldValue<DateTimeOffset>(6),
                Deliveries = reader.GetInt32(7),
                ResolvedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                ResolvedBy = reader.IsDBNull(9) ? null : reader.GetString(9),
                Resolution = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }

        return entries;
    }
}
