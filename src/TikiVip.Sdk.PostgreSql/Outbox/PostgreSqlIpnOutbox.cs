using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>The outbox table: enqueueing, queries, and the claim/settle steps the delivery service uses.</summary>
internal sealed class PostgreSqlIpnOutbox : IIpnOutbox, ITikiVipStore
{
    public bool IsSharedByInstances => true;

    public string StorageDescription => StorageDescriptions.PostgreSql;

    private const string Columns =
        "id, tiki_transaction_id, transaction_id, amount, status, state, attempts, next_attempt_at, last_error, tiki_status, created_at, updated_at, completed_at, partner_banking_method, pending_since, last_http_status, last_code, recommended_action, requeued_at";

    /// <summary>
    /// Where <see cref="GetSummaryAsync"/> stops counting a state: past it an exact figure costs a read of every
    /// settled IPN kept, on every look at the page or health check, and tells a person nothing more.
    /// </summary>
    internal const long SummaryCountLimit = 10_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TikiVipPostgreSqlOptions _options;
    private readonly TimeProvider _time;
    private readonly string _table;
    private readonly string _attempts;
    private readonly string _reachability;

    public PostgreSqlIpnOutbox(TikiVipDataSource dataSource, IOptions<TikiVipPostgreSqlOptions> options, TimeProvider time)
    {
        _dataSource = dataSource.Value;
        _options = options.Value;
        _time = time;
        _table = TikiVipPostgreSqlMigrator.Quote(_options.Schema) + ".ipn_outbox";
        _attempts = TikiVipPostgreSqlMigrator.Quote(_options.Schema) + ".ipn_outbox_attempts";
        _reachability = TikiVipPostgreSqlMigrator.Quote(_options.Schema) + ".tiki_reachability";
    }

    public async Task<long> EnqueueAsync(IpnRequest ipn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        using var command = _dataSource.CreateCommand();
        return await InsertAsync(command, ipn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues an IPN inside the caller's transaction (reached through <see cref="PostgreSqlIpnOutboxExtensions"/>).</summary>
    public async Task<long> EnqueueAsync(IpnRequest ipn, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ipn);
        ArgumentNullException.ThrowIfNull(transaction);
        using var command = new NpgsqlCommand(null, transaction.Connection ?? throw new ArgumentException("The transaction has completed.", nameof(transaction)), transaction);
        return await InsertAsync(command, ipn, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeysetPage<IpnOutboxEntry>> QueryAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        using var command = _dataSource.CreateCommand();
        var where = Conditions(command, query, withState: true);
        if (query.Before is { } before)
        {
            where.Add("id < @before", "before", before);
        }

        command.Parameters.AddWithValue("limit", limit + 1);
        command.CommandText = $"SELECT {Columns} FROM {_table} {where} ORDER BY id DESC LIMIT @limit";
        var entries = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return KeysetPage.FromRowsRead(entries, limit, e => e.Id);
    }

    public async Task<long> CountAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = _dataSource.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {_table} {Conditions(command, query, withState: true)}";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<long> RequeueFailedAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var command = _dataSource.CreateCommand();
        var where = Conditions(command, query, withState: false);
        where.Add($"coalesce(recommended_action, 0) <> {(short)TikiVipRecommendedAction.RefundCustomer}");
        return await RequeueAsync(command, where, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> RequeueFailedAsync(IpnOutboxQuery query, long confirmedCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(confirmedCount);
        using var command = _dataSource.CreateCommand();
        var where = Conditions(command, query, withState: false);
        where.Add($"coalesce(recommended_action, 0) <> {(short)TikiVipRecommendedAction.RefundCustomer}");
        where.Add($"state = {StoredStates.OutboxFailed}");
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("confirmed", confirmedCount);

        // One statement: the rows counted are locked, and requeued only if their number is the one confirmed.
        command.CommandText = $"""
            WITH matching AS (SELECT id FROM {_table} {where} FOR UPDATE),
            requeued AS (
                UPDATE {_table} SET {RequeueSet}
                 WHERE id IN (SELECT id FROM matching) AND (SELECT count(*) FROM matching) = @confirmed
                RETURNING id)
            SELECT count(*) FROM requeued
            """;
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> RequeueAsync(long id, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand();
        var where = new SqlConditions(command);
        where.Add("id = @id", "id", id);
        return await RequeueAsync(command, where, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>What requeueing sets: due now (<c>@now</c>), from the first round, its lookup history cleared.</summary>
    private static readonly string RequeueSet =
        $"state = {StoredStates.OutboxPending}, attempts = 0, next_attempt_at = @now, updated_at = @now, completed_at = NULL, locked_by = NULL, locked_until = NULL, " +
        "tiki_status = NULL, pending_since = NULL, requeued_at = @now";

    /// <summary>Puts the failed entries matching <paramref name="where"/> back in the queue, due now, from the first round.</summary>
    private async Task<int> RequeueAsync(NpgsqlCommand command, SqlConditions where, CancellationToken cancellationToken)
    {
        where.Add($"state = {StoredStates.OutboxFailed}");
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.CommandText = $"""
            UPDATE {_table} SET {RequeueSet}
             {where}
            """;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A query's filters as conditions of <paramref name="command"/>, each an index lookup.</summary>
    private static SqlConditions Conditions(NpgsqlCommand command, IpnOutboxQuery query, bool withState)
    {
        var where = new SqlConditions(command);
        if (withState && query.State is { } state)
        {
            where.Add("state = @state", "state", (short)state);
        }

        if (!string.IsNullOrWhiteSpace(query.TransactionId))
        {
            // Exact but in any case, so each side is an index lookup (ipn_outbox_tiki_transaction, ipn_outbox_transaction).
            where.Add("(lower(tiki_transaction_id) = lower(@transaction) OR lower(transaction_id) = lower(@transaction))", "transaction", query.TransactionId.Trim());
        }

        if (query.RecommendedAction is { } action)
        {
            where.Add("coalesce(recommended_action, 0) = @action", "action", (short)action);
        }

        return where;
    }

    public async Task<IpnOutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM {_table} WHERE id = @id", cancellationToken, ("id", id)).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<IpnOutboxAttempt>> GetAttemptsAsync(long id, CancellationToken cancellationToken = default)
    {
        using var command = _dataSource.CreateCommand($"""
            SELECT round, kind, at, duration_ms, instance, succeeded, http_status, tiki_code, result, try
              FROM {_attempts} WHERE outbox_id = @id ORDER BY id
            """);
        command.Parameters.AddWithValue("id", id);
        var attempts = new List<IpnOutboxAttempt>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts.Add(new IpnOutboxAttempt
            {
                Round = reader.GetInt32(0),
                Kind = (IpnOutboxAttemptKind)reader.GetInt16(1),
                At = reader.GetFieldValue<DateTimeOffset>(2),
                Duration = TimeSpan.FromMilliseconds(reader.GetInt32(3)),
                Instance = reader.GetString(4),
                Succeeded = reader.GetBoolean(5),
                HttpStatus = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                TikiCode = reader.IsDBNull(7) ? null : reader.GetInt32(7),
                Result = reader.GetString(8),
                Try = reader.IsDBNull(9) ? null : reader.GetInt16(9),
            });
        }

        return attempts;
    }

    public async Task<IpnOutboxSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        // Each count stops at the limit and the oldest pending entry is the first queued: every read walks at most
        // that many index entries, however many settled IPNs the retention period keeps.
        using var command = _dataSource.CreateCommand($"""
            SELECT {CountUpToLimit(IpnOutboxState.Pending)}, {CountUpToLimit(IpnOutboxState.Delivered)}, {CountUpToLimit(IpnOutboxState.ConfirmedByLookup)},
                   {CountUpToLimit(IpnOutboxState.Failed)}, (SELECT created_at FROM {_table} WHERE state = {StoredStates.OutboxPending} ORDER BY id LIMIT 1),
                   (SELECT down_since FROM {_reachability} WHERE id = 1)
            """);
        command.Parameters.AddWithValue("limit", SummaryCountLimit);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new IpnOutboxSummary
        {
            Pending = reader.GetInt64(0),
            Delivered = reader.GetInt64(1),
            ConfirmedByLookup = reader.GetInt64(2),
            Failed = reader.GetInt64(3),
            OldestPendingSince = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            TikiUnreachableSince = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            CountLimit = SummaryCountLimit,
        };
    }

    private string CountUpToLimit(IpnOutboxState state) =>
        $"(SELECT count(*) FROM (SELECT FROM {_table} WHERE state = {(short)state} LIMIT @limit) AS counted)";

    /// <summary>
    /// One look at the outbox for a delivering instance, in one round trip: whether Tiki is marked unreachable, when
    /// the oldest pending IPN was queued (when asked), and, unless Tiki is marked unreachable, up to <paramref name="limit"/> due
    /// entries claimed in one statement with their attempt counted: they are sent at once. Other instances skip them
    /// (SKIP LOCKED) and leave them alone until the lease ends; <see cref="RenewLeasesAsync"/> keeps the lease ahead
    /// of the calls in flight.
    /// </summary>
    public async Task<OutboxPoll> PollAsync(string instance, int limit, bool withOldestPending, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var batch = _dataSource.CreateBatch();
        await using var batchScope = batch.ConfigureAwait(false);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT down_since, next_probe_at, probe_until FROM {_reachability} WHERE id = 1"));

        if (withOldestPending)
        {
            // Only now and then: while a backlog drains, the first pending entry lies behind every entry just settled.
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT created_at FROM {_table} WHERE state = {StoredStates.OutboxPending} ORDER BY id LIMIT 1"));
        }

        var claim = new NpgsqlBatchCommand($"""
            UPDATE {_table} SET locked_by = @instance, locked_until = @lease, attempts = attempts + 1, updated_at = @now
             WHERE id IN (SELECT id FROM {_table}
                           WHERE state = {StoredStates.OutboxPending} AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
                             AND NOT EXISTS (SELECT FROM {_reachability} WHERE id = 1 AND down_since IS NOT NULL)
                           ORDER BY next_attempt_at, id
                           LIMIT @batch
                           FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        claim.Parameters.AddWithValue("instance", instance);
        claim.Parameters.AddWithValue("lease", now + _options.Outbox.Lease);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("batch", limit);
        batch.BatchCommands.Add(claim);

        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        DateTimeOffset? downSince = null, nextProbe = null, probeHeld = null, oldest = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            downSince = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
            nextProbe = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            probeHeld = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
        }

        if (withOldestPending)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                oldest = reader.GetFieldValue<DateTimeOffset>(0);
            }
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var entries = await ReadEntriesAsync(reader, cancellationToken).ConfigureAwait(false);
        return new OutboxPoll(downSince, nextProbe, probeHeld, withOldestPending, oldest, entries);
    }

    /// <summary>
    /// While Tiki is marked unreachable: takes the right to the one probe due across every instance (a compare-and-set
    /// on the shared row: due, and held by nobody, or by an instance whose lease ended) together with the pending
    /// entry queued first to make it with, or neither. The right is held until <see cref="ReleaseProbeAsync"/> or
    /// <see cref="MarkTikiReachableAsync"/>, its lease renewed with the entries'. <see langword="null"/> when no probe
    /// is due, another instance holds it, or no entry is left to make it with.
    /// </summary>
    public async Task<OutboxProbe?> ClaimProbeAsync(string instance, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        using var command = _dataSource.CreateCommand($"""
            WITH candidate AS (
                SELECT id FROM {_table}
                 WHERE state = {StoredStates.OutboxPending} AND (locked_until IS NULL OR locked_until < @now)
                 ORDER BY next_attempt_at, id
                 LIMIT 1
                 FOR UPDATE SKIP LOCKED),
            probe AS (
                UPDATE {_reachability} SET probe_by = @instance, probe_until = @lease, probes = probes + 1, updated_at = @now
                 WHERE id = 1 AND down_since IS NOT NULL AND (next_probe_at IS NULL OR next_probe_at <= @now)
                   AND (probe_until IS NULL OR probe_until < @now) AND EXISTS (SELECT FROM candidate)
                RETURNING probes)
            UPDATE {_table} SET locked_by = @instance, locked_until = @lease, attempts = attempts + 1, updated_at = @now
             WHERE id = (SELECT id FROM candidate) AND EXISTS (SELECT FROM probe)
            RETURNING {Columns}, (SELECT probes FROM probe)
            """);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("lease", now + _options.Outbox.Lease);
        command.Parameters.AddWithValue("now", now);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new OutboxProbe(ReadEntry(reader), reader.GetInt32(reader.FieldCount - 1) - 1) : null; // the last column: probes taken, this one included
    }

    /// <summary>
    /// The probe's round settled without reaching Tiki: gives the right up and sets when the next probe is due.
    /// Fenced by the holder: an instance whose right was taken over (its lease ended) changes nothing.
    /// </summary>
    public async Task ReleaseProbeAsync(string instance, DateTimeOffset nextProbeAt, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_reachability} SET probe_by = NULL, probe_until = NULL, next_probe_at = @next, updated_at = @now
             WHERE id = 1 AND probe_by = @instance
            """);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("next", nextProbeAt);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks Tiki unreachable for every instance, from now unless it was already; the first probe is due after
    /// <paramref name="firstProbeIn"/>. Returns since when Tiki is marked unreachable.
    /// </summary>
    public async Task<DateTimeOffset> MarkTikiUnreachableAsync(string reason, TimeSpan firstProbeIn, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_reachability}
               SET next_probe_at = CASE WHEN down_since IS NULL THEN @now + @first ELSE next_probe_at END,
                   probes = CASE WHEN down_since IS NULL THEN 0 ELSE probes END,
                   down_since = coalesce(down_since, @now), last_error = @reason, updated_at = @now
             WHERE id = 1
            RETURNING down_since
            """);
        var now = _time.GetUtcNow();
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("first", firstProbeIn);
        command.Parameters.AddWithValue("reason", reason);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTimeOffset since ? since : now;
    }

    /// <summary>
    /// Tiki answered again: clears the mark, makes every IPN that was waiting out the outage due now (those Tiki
    /// records as PENDING keep their schedule) and wakes every instance. Returns whether Tiki was marked unreachable.
    /// </summary>
    public async Task<bool> MarkTikiReachableAsync(CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            WITH up AS (
                UPDATE {_reachability} SET down_since = NULL, next_probe_at = NULL, probe_by = NULL, probe_until = NULL, last_error = NULL, updated_at = @now
                 WHERE id = 1 AND down_since IS NOT NULL
                RETURNING id),
            due AS (
                UPDATE {_table} SET next_attempt_at = @now
                 WHERE state = {StoredStates.OutboxPending} AND tiki_status IS NULL AND next_attempt_at > @now AND EXISTS (SELECT FROM up)
                RETURNING id)
            SELECT count(*) FROM (SELECT pg_notify(@channel, @schema) FROM up) AS notified
            """);
        command.Parameters.AddWithValue("now", _time.GetUtcNow());
        command.Parameters.AddWithValue("channel", TikiVipPostgreSqlMigrator.NotificationChannel);
        command.Parameters.AddWithValue("schema", _options.Schema);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    /// <summary>Renews the lease of every entry this instance has in flight, and of the probe right if it holds it, in one round trip.</summary>
    public async Task RenewLeasesAsync(long[] ids, string instance, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET locked_until = @lease WHERE id = ANY(@ids) AND locked_by = @instance AND state = {StoredStates.OutboxPending};
            UPDATE {_reachability} SET probe_until = @lease WHERE id = 1 AND probe_by = @instance;
            """);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("lease", _time.GetUtcNow() + _options.Outbox.Lease);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the outcome of a round, if this instance still holds the entry, and the calls the round made (in the
    /// same transaction; kept even when the lease was lost, since the calls did reach Tiki).
    /// </summary>
    public async Task SettleAsync(long id, string instance, OutboxSettlement settlement, IReadOnlyList<IpnOutboxAttempt> attempts, CancellationToken cancellationToken)
    {
        var (state, failure, tikiStatus, retryIn) = (settlement.State, settlement.Failure, settlement.TikiStatus, settlement.RetryIn);
        var now = _time.GetUtcNow();
        var batch = _dataSource.CreateBatch();
        await using var batchScope = batch.ConfigureAwait(false);
        if (attempts.Count > 0)
        {
            var record = new NpgsqlBatchCommand($"""
                INSERT INTO {_attempts} (outbox_id, round, kind, at, duration_ms, instance, succeeded, http_status, tiki_code, result, try)
                SELECT @id, a.round, a.kind, a.at, a.duration_ms, @instance, a.succeeded, a.http_status, a.tiki_code, a.result, a.try
                  FROM unnest(@rounds, @kinds, @ats, @durations, @succeeded, @httpStatuses, @codes, @results, @tries)
                       AS a(round, kind, at, duration_ms, succeeded, http_status, tiki_code, result, try)
                """);
            record.Parameters.AddWithValue("id", id);
            record.Parameters.AddWithValue("instance", instance);
            record.Parameters.AddWithValue("rounds", attempts.Select(a => a.Round).ToArray());
            record.Parameters.AddWithValue("kinds", attempts.Select(a => (short)a.Kind).ToArray());
            record.Parameters.AddWithValue("ats", attempts.Select(a => a.At).ToArray());
            record.Parameters.AddWithValue("durations", attempts.Select(a => (int)Math.Min(int.MaxValue, (long)a.Duration.TotalMilliseconds)).ToArray());
            record.Parameters.AddWithValue("succeeded", attempts.Select(a => a.Succeeded).ToArray());
            record.Parameters.AddWithValue("httpStatuses", attempts.Select(a => a.HttpStatus).ToArray());
            record.Parameters.AddWithValue("codes", attempts.Select(a => a.TikiCode).ToArray());
            record.Parameters.AddWithValue("results", attempts.Select(a => a.Result).ToArray());
            record.Parameters.AddWithValue("tries", attempts.Select(a => (short?)a.Try).ToArray());
            batch.BatchCommands.Add(record);
        }

        var command = new NpgsqlBatchCommand($"""
            UPDATE {_table}
               SET state = @state, last_error = coalesce(@error, last_error), tiki_status = @tikiStatus, updated_at = @now,
                   last_http_status = CASE WHEN @error IS NULL THEN last_http_status ELSE @httpStatus END,
                   last_code = CASE WHEN @error IS NULL THEN last_code ELSE @code END,
                   recommended_action = CASE WHEN @error IS NULL THEN recommended_action ELSE @action END,
                   completed_at = CASE WHEN @state = {StoredStates.OutboxPending} THEN NULL ELSE @now END,
                   pending_since = CASE WHEN @state = {StoredStates.OutboxPending} AND @tikiStatus = 'PENDING' THEN coalesce(pending_since, @now) ELSE pending_since END,
                   next_attempt_at = CASE WHEN @state = {StoredStates.OutboxPending} THEN @next ELSE next_attempt_at END,
                   locked_by = NULL, locked_until = NULL
             WHERE id = @id AND locked_by = @instance AND state = {StoredStates.OutboxPending}
            """);
        batch.BatchCommands.Add(command);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("state", (short)state);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", failure?.Text) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int?>("httpStatus", failure?.HttpStatus) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<int?>("code", failure?.Code) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<short>("action", (short)(failure?.Action ?? TikiVipRecommendedAction.None)) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter<string?>("tikiStatus", tikiStatus is { } s ? TikiVipTransactionStatusNames.ToWireName(s) : null) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("next", now + (retryIn ?? TimeSpan.Zero));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes settled entries (delivered, confirmed by lookup) completed before <paramref name="retention"/> ago,
    /// their calls to Tiki with them, a batch at a time so no statement holds many rows locked. Failed and pending
    /// entries are never deleted.
    /// </summary>
    public async Task<int> DeleteSettledAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        const int Batch = 10_000;
        var cutoff = _time.GetUtcNow() - retention;
        var deleted = 0;
        while (true)
        {
            using var command = _dataSource.CreateCommand($"""
                DELETE FROM {_table} WHERE id IN (SELECT id FROM {_table} WHERE state IN ({StoredStates.OutboxDelivered}, {StoredStates.OutboxConfirmedByLookup}) AND completed_at < @cutoff LIMIT {Batch})
                """);
            command.Parameters.AddWithValue("cutoff", cutoff);
            var count = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            deleted += count;
            if (count < Batch)
            {
                return deleted;
            }
        }
    }

    /// <summary>
    /// Gives claimed entries back at once (graceful shutdown). The attempt of the entry interrupted mid-send, if
    /// any, is not counted; the others were never started.
    /// </summary>
    public async Task ReleaseAsync(IEnumerable<long> ids, long? interrupted, string instance)
    {
        using var command = _dataSource.CreateCommand($"""
            UPDATE {_table} SET locked_by = NULL, locked_until = NULL,
                   attempts = CASE WHEN id = @interrupted THEN greatest(attempts - 1, 0) ELSE attempts END
             WHERE id = ANY(@ids) AND locked_by = @instance AND state = {StoredStates.OutboxPending}
            """);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        command.Parameters.AddWithValue("interrupted", interrupted ?? -1L);
        command.Parameters.AddWithValue("instance", instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await command.ExecuteNonQueryAsync(timeout.Token).ConfigureAwait(false);
    }

    private static TikiVipTransactionStatus ParseStatus(string text) =>
        TikiVipTransactionStatusNames.TryParse(text, out var status) ? status : throw new InvalidOperationException($"The outbox holds an unknown status '{text}'.");

    /// <summary>
    /// Inserts the IPN unless the same payment outcome (Tiki transaction id and status) is queued already: then the
    /// existing entry's id comes back and nothing more is sent. The unique index decides, not a check-then-insert,
    /// so two enqueues racing (or a retry after a timeout) still make one entry.
    /// </summary>
    private async Task<long> InsertAsync(NpgsqlCommand command, IpnRequest ipn, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        command.CommandText = $"""
            INSERT INTO {_table} (tiki_transaction_id, transaction_id, amount, status, partner_banking_method, next_attempt_at, created_at, updated_at)
            VALUES (@tikiId, @transactionId, @amount, @status, @method, @now, @now, @now)
            ON CONFLICT (tiki_transaction_id, status) WHERE duplicate_of IS NULL DO NOTHING
            RETURNING id
            """;
        command.Parameters.AddWithValue("tikiId", ipn.TikiTransactionId);
        command.Parameters.AddWithValue("transactionId", ipn.TransactionId);
        command.Parameters.AddWithValue("amount", ipn.Amount);
        command.Parameters.AddWithValue("status", TikiVipTransactionStatusNames.ToWireName(ipn.Status));
        command.Parameters.Add(new NpgsqlParameter<string?>("method", ipn.PartnerBankingMethod) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("now", now);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
        {
            return id;
        }

        // Queued already (possibly by a transaction that committed while this one waited): that entry stands.
        command.CommandText = $"""
            SELECT id, transaction_id, amount FROM {_table}
             WHERE tiki_transaction_id = @tikiId AND status = @status AND duplicate_of IS NULL
            """;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"The IPN for Tiki transaction '{ipn.TikiTransactionId}' ({ipn.Status}) was neither queued nor found; enqueue it again.");
        }

        var existing = reader.GetInt64(0);
        if (reader.GetString(1) != ipn.TransactionId || reader.GetInt64(2) != ipn.Amount)
        {
            throw new InvalidOperationException(
                $"An IPN reporting {ipn.Status} for Tiki transaction '{ipn.TikiTransactionId}' is queued already (outbox id {existing}) with " +
                $"transaction id '{reader.GetString(1)}' and amount {reader.GetInt64(2)}; this one differs, so it was not queued. One payment has one outcome.");
        }

        return existing;
    }

    private async Task<IReadOnlyList<IpnOutboxEntry>> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<IpnOutboxEntry>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await ReadEntriesAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<IpnOutboxEntry>> ReadEntriesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<IpnOutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>The entry at the reader's row, from its first columns (<see cref="Columns"/>).</summary>
    private static IpnOutboxEntry ReadEntry(NpgsqlDataReader reader) =>
        new()
        {
            Id = reader.GetInt64(0),
            TikiTransactionId = reader.GetString(1),
            TransactionId = reader.GetString(2),
            Amount = reader.GetInt64(3),
            Status = ParseStatus(reader.GetString(4)),
            State = (IpnOutboxState)reader.GetInt16(5),
            Attempts = reader.GetInt32(6),
            NextAttemptAt = reader.GetFieldValue<DateTimeOffset>(7),
            LastError = reader.IsDBNull(8) ? null : reader.GetString(8),
            TikiStatus = reader.IsDBNull(9) ? null : ParseStatus(reader.GetString(9)),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(10),
            UpdatedAt = reader.GetFieldValue<DateTimeOffset>(11),
            CompletedAt = reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            PartnerBankingMethod = reader.IsDBNull(13) ? null : reader.GetString(13),
            PendingAtTikiSince = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            LastHttpStatus = reader.IsDBNull(15) ? null : reader.GetInt32(15),
            LastTikiCode = reader.IsDBNull(16) ? null : reader.GetInt32(16),
            RecommendedAction = reader.IsDBNull(17) ? TikiVipRecommendedAction.None : (TikiVipRecommendedAction)reader.GetInt16(17),
            RequeuedAt = reader.IsDBNull(18) ? null : reader.GetFieldValue<DateTimeOffset>(18),
        };
}
