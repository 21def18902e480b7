using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Audit;

/// <summary>The audit trail on PostgreSQL: every instance's actions, kept until the partner deletes them.</summary>
internal sealed class PostgreSqlOperationsAuditTrail : IOperationsAuditTrail, ITikiVipStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;

    public PostgreSqlOperationsAuditTrail(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options)
    {
        _dataSource = dataSource.Value;
        _table = TikiVipPostgreSqlMigrator.Quote(options.Value.Schema) + ".operations_audit";
    }

    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    public async Task RecordAsync(OperationsAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} (at, actor, action, target, target_kind, target_id, outcome, detail) VALUES (@at, @actor, @action, @target, @targetKind, @targetId, @outcome, @detail)
            """);
        command.Parameters.AddWithValue("at", entry.At);
        command.Parameters.AddWithValue("actor", Storable(entry.Actor));
        command.Parameters.AddWithValue("action", Storable(entry.Action));
        command.Parameters.AddWithValue("target", Storable(entry.Target.ToString())); // the words, as searched
        command.Parameters.AddWithValue("targetKind", (short)entry.Target.Kind);
        command.Parameters.AddWithValue("targetId", Storable(entry.Target.Id));
        command.Parameters.AddWithValue("outcome", (short)entry.Outcome);
        command.Parameters.Add(new NpgsqlParameter<string?>("detail", entry.Detail is null ? null : Storable(entry.Detail)) { NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An audit entry is never lost to a NUL a user typed (PostgreSQL's text cannot hold one): it is kept as U+FFFD.</summary>
    private static string Storable(string text) => text.Replace('\0', '\uFFFD');

    public async Task<KeysetPage<OperationsAuditEntry>> QueryAsync(OperationsAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        using var command = _dataSource.CreateCommand();
        var where = new SqlConditions(command);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            where.Add("(lower(actor) = lower(@search) OR lower(target) = lower(@search))", "search", query.Search.Trim());
        }

        if (query.Before is { } before)
        {
            where.Add("id < @before", "before", before);
        }

        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = $"SELECT id, at, actor, action, target_kind, target_id, outcome, detail FROM {_table} {where} ORDER BY id DESC LIMIT @limit";
        var entries = new List<OperationsAuditEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OperationsAuditEntry
            {
                Id = reader.GetInt64(0),
                At = reader.GetFieldValue<DateTimeOffset>(1),
                Actor = reader.GetString(2),
                Action = reader.GetString(3),
                Target = OperationsAuditTarget.FromStored((OperationsAuditTargetKind)reader.GetInt16(4), reader.GetString(5)),
                Outcome = (OperationsAuditOutcome)reader.GetInt16(6),
                Detail = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return KeysetPage.FromRowsRead(entries, limit, e => e.Id);
    }
}
