using System.Text.RegularExpressions;
using Npgsql;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// Creates and upgrades the SDK's tables: the core stores' (refunds, outbox, audit), then each
/// <see cref="TikiVipSchemaPart"/> another package registered (its own tables, its own version). Idempotent,
/// versioned, and serialised across instances by an advisory lock. Runs at start-up by default; teams that run
/// migrations themselves call it, or apply <see cref="Scripts"/> and each part's scripts, from their own tooling.
/// </summary>
public sealed partial class TikiVipPostgreSqlMigrator
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly TikiVipSchemaPart[] _parts;

    /// <summary>Creates a migrator for a schema's core tables.</summary>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    /// <param name="dataSource">Where to create the tables.</param>
    /// <param name="schema">The schema to create them in.</param>
    public TikiVipPostgreSqlMigrator(NpgsqlDataSource dataSource, string schema)
        : this(dataSource, schema, [])
    {
    }

    /// <summary>Creates a migrator for a schema's core tables and the parts other packages own (as <c>UsePostgreSql</c> registers it).</summary>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier, or two different parts have the same name.</exception>
    /// <param name="dataSource">Where to create the tables.</param>
    /// <param name="schema">The schema to create them in.</param>
    /// <param name="parts">The other packages' parts, migrated after the core tables in this order.</param>
    public TikiVipPostgreSqlMigrator(NpgsqlDataSource dataSource, string schema, IEnumerable<TikiVipSchemaPart> parts)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(parts);
        _dataSource = dataSource;
        _schema = ValidateSchema(schema);
        _parts = [.. parts.Distinct()];
        if (_parts.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new ArgumentException($"Two different schema parts are named '{clash.Key}'; each package registers its part once.", nameof(parts));
        }
    }

    /// <summary>The parts migrated after the core tables.</summary>
    internal IReadOnlyList<TikiVipSchemaPart> Parts => _parts;

    /// <summary>The latest schema version.</summary>
    public static int LatestVersion => 14;

    /// <summary>The SQL of every version, in order, for a schema.</summary>
    /// <returns>One SQL script per schema version, in order.</returns>
    /// <param name="schema">The schema the scripts create and use.</param>
    public static IReadOnlyList<string> Scripts(string schema)
    {
        var s = Quote(ValidateSchema(schema));
        return
        [
            $"""
            CREATE TABLE {s}.refund_requests (
                request_id   text        PRIMARY KEY,
                fingerprint  text        NOT NULL,
                state        smallint    NOT NULL,            -- 1 in progress, 2 completed
                claim_token  uuid        NOT NULL,
                lease_until  timestamptz NOT NULL,
                claimed_at   timestamptz NOT NULL,
                completed_at timestamptz NULL
            );
            CREATE INDEX refund_requests_completed ON {s}.refund_requests (completed_at) WHERE state = {StoredStates.RefundCompleted};

            CREATE TABLE {s}.ipn_outbox (
                id                     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tiki_transaction_id    text        NOT NULL,
                transaction_id         text        NOT NULL,
                amount                 bigint      NOT NULL CHECK (amount > 0),
                status                 text        NOT NULL,
                partner_banking_method text        NULL,
                state                  smallint    NOT NULL DEFAULT 0, -- 0 pending, 1 delivered, 2 confirmed by lookup, 3 failed
                attempts               integer     NOT NULL DEFAULT 0,
                next_attempt_at        timestamptz NOT NULL,
                locked_by              text        NULL,
                locked_until           timestamptz NULL,
                last_error             text        NULL,
                tiki_status            text        NULL,
                created_at             timestamptz NOT NULL,
                updated_at             timestamptz NOT NULL,
                completed_at           timestamptz NULL
            );
            CREATE INDEX ipn_outbox_due ON {s}.ipn_outbox (next_attempt_at, id) WHERE state = {StoredStates.OutboxPending};
            CREATE INDEX ipn_outbox_state ON {s}.ipn_outbox (state, updated_at);
            """,
            $"""
            CREATE TABLE {s}.refund_quarantine (
                id                text        PRIMARY KEY,        -- lowercase hex SHA-256 of the body
                request_id        text        NULL,
                body              bytea       NOT NULL,
                field             text        NULL,
                problem           text        NOT NULL,
                first_received_at timestamptz NOT NULL,
                last_received_at  timestamptz NOT NULL,
                deliveries        integer     NOT NULL DEFAULT 1,
                resolved_at       timestamptz NULL,
                resolved_by       text        NULL,
                resolution        text        NULL
            );
            CREATE INDEX refund_quarantine_open ON {s}.refund_quarantine (last_received_at) WHERE resolved_at IS NULL;
            """,
            // Version 3 created reconciliation_runs, which now belongs to the package that uses it
            // (TikiVip.Sdk.Reconciliation.PostgreSql's schema part creates it if it is not there yet).
            "SELECT 1;",
            $"""
            CREATE TABLE {s}.refund_history (
                id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                request_id          text        NOT NULL,
                tiki_transaction_id text        NOT NULL,
                amount              bigint      NOT NULL,
                outcome             smallint    NOT NULL,
                detail              text        NULL,
                at                  timestamptz NOT NULL
            );
            CREATE INDEX refund_history_at ON {s}.refund_history (at);
            """,
            $"""
            ALTER TABLE {s}.refund_requests ADD COLUMN tiki_transaction_id text NULL, ADD COLUMN refund_amount bigint NULL;
            CREATE TABLE {s}.refund_totals (
                tiki_transaction_id text        PRIMARY KEY,
                refunded            bigint      NOT NULL CHECK (refunded >= 0), -- claimed and completed refunds, in VND
                updated_at          timestamptz NOT NULL
            );

            -- One IPN per payment outcome: duplicates enqueued before this version are marked, not deleted.
            ALTER TABLE {s}.ipn_outbox ADD COLUMN duplicate_of bigint NULL,
                ADD COLUMN pending_since timestamptz NULL,         -- Tiki's first PENDING answer
                ADD COLUMN last_http_status integer NULL,          -- the last failure, in columns of its own
                ADD COLUMN last_code integer NULL,
                ADD COLUMN recommended_action smallint NULL;       -- TikiVipRecommendedAction
            UPDATE {s}.ipn_outbox AS o SET duplicate_of = first.id
              FROM (SELECT tiki_transaction_id, status, min(id) AS id FROM {s}.ipn_outbox GROUP BY tiki_transaction_id, status) AS first
             WHERE o.tiki_transaction_id = first.tiki_transaction_id AND o.status = first.status AND o.id <> first.id;
            CREATE UNIQUE INDEX ipn_outbox_one_per_outcome ON {s}.ipn_outbox (tiki_transaction_id, status) WHERE duplicate_of IS NULL;
            """,
            $"""
            -- Wakes the delivering instances when an IPN is queued or requeued: NOTIFY is delivered when the
            -- enqueueing transaction commits, never on rollback. The payload is only the schema: "look now".
            CREATE FUNCTION {s}.ipn_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{NotificationChannel}', TG_TABLE_SCHEMA);
                RETURN NULL;
            END $$;
            CREATE TRIGGER ipn_outbox_enqueued AFTER INSERT ON {s}.ipn_outbox
                FOR EACH STATEMENT EXECUTE FUNCTION {s}.ipn_outbox_notify();
            CREATE TRIGGER ipn_outbox_requeued AFTER UPDATE OF state ON {s}.ipn_outbox
                FOR EACH ROW WHEN (OLD.state <> {StoredStates.OutboxPending} AND NEW.state = {StoredStates.OutboxPending}) EXECUTE FUNCTION {s}.ipn_outbox_notify();
            """,
            $"""
            -- The operations page searches and pages in the store: by either transaction id, by state, newest first.
            CREATE INDEX ipn_outbox_tiki_transaction ON {s}.ipn_outbox (lower(tiki_transaction_id));
            CREATE INDEX ipn_outbox_transaction ON {s}.ipn_outbox (lower(transaction_id));
            CREATE INDEX ipn_outbox_state_id ON {s}.ipn_outbox (state, id DESC);
            """,
            $"""
            -- The operations page searches the refund history in the store too: by request or Tiki transaction id, by outcome.
            CREATE INDEX refund_history_request ON {s}.refund_history (lower(request_id));
            CREATE INDEX refund_history_tiki_transaction ON {s}.refund_history (lower(tiki_transaction_id));
            CREATE INDEX refund_history_outcome_id ON {s}.refund_history (outcome, id DESC);
            CREATE INDEX refund_quarantine_request ON {s}.refund_quarantine (lower(request_id));
            CREATE INDEX refund_quarantine_received ON {s}.refund_quarantine (last_received_at DESC, id);
            """,
            $"""
            -- Every call the outbox makes to Tiki, for an IPN's story on the operations page; removed with its entry.
            CREATE TABLE {s}.ipn_outbox_attempts (
                id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                outbox_id    bigint      NOT NULL REFERENCES {s}.ipn_outbox (id) ON DELETE CASCADE,
                round        integer     NOT NULL,
                kind         smallint    NOT NULL,            -- 0 IPN, 1 lookup
                at           timestamptz NOT NULL,
                duration_ms  integer     NOT NULL,
                instance     text        NOT NULL,
                succeeded    boolean     NOT NULL,
                http_status  integer     NULL,
                tiki_code    integer     NULL,
                result       text        NOT NULL
            );
            CREATE INDEX ipn_outbox_attempts_entry ON {s}.ipn_outbox_attempts (outbox_id, id);
            """,
            $"""
            -- Who did what on the operations page, and how it ended.
            CREATE TABLE {s}.operations_audit (
                id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at      timestamptz NOT NULL,
                actor   text        NOT NULL,
                action  text        NOT NULL,
                target  text        NOT NULL,
                outcome smallint    NOT NULL,             -- 0 done, 1 refused, 2 failed
                detail  text        NULL
            );
            CREATE INDEX operations_audit_target ON {s}.operations_audit (lower(target));
            CREATE INDEX operations_audit_actor ON {s}.operations_audit (lower(actor));
            """,
            $"""
            -- The refunds being handled now, for the operations page, without reading every request ever kept.
            CREATE INDEX refund_requests_running ON {s}.refund_requests (claimed_at, request_id) WHERE state = {StoredStates.RefundRunning};
            """,
            $"""
            -- Whether Tiki is reachable, shared by every delivering instance: while it is marked down, instances stop
            -- claiming IPNs and one probe at a time (the right to it taken in this row) finds out when it is back.
            CREATE TABLE {s}.tiki_reachability (
                id             smallint    PRIMARY KEY CHECK (id = 1),
                down_since     timestamptz NULL,
                next_probe_at  timestamptz NULL,
                probe_interval interval    NULL,
                probes         integer     NOT NULL DEFAULT 0,
                last_error     text        NULL,
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            INSERT INTO {s}.tiki_reachability (id) VALUES (1);
            -- Each HTTP attempt of a call is kept: its place among the client's retries (1 = the first try).
            ALTER TABLE {s}.ipn_outbox_attempts ADD COLUMN try smallint NULL;
            -- When a person last put a failed IPN back in the queue: its delivery horizon counts from then.
            ALTER TABLE {s}.ipn_outbox ADD COLUMN requeued_at timestamptz NULL;
            """,
            $"""
            -- An audit entry's target is typed (what kind, which one), so the page links it without reading its words back.
            -- Entries written before keep their words; those that name an IPN, a day or a refund get their kind here, once.
            ALTER TABLE {s}.operations_audit ADD COLUMN target_kind smallint NOT NULL DEFAULT 0, ADD COLUMN target_id text NULL;
            UPDATE {s}.operations_audit SET target_kind = 1, target_id = substr(target, 5) WHERE target ~ '^IPN [0-9]+$';
            UPDATE {s}.operations_audit SET target_kind = 2, target_id = substr(target, 16) WHERE target ~ '^reconciliation [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$';
            UPDATE {s}.operations_audit SET target_kind = 3, target_id = substr(target, 20) WHERE target LIKE 'quarantined refund %';
            UPDATE {s}.operations_audit SET target_kind = 4, target_id = substr(target, 13) WHERE target LIKE 'failed IPNs %';
            UPDATE {s}.operations_audit SET target_id = target WHERE target_id IS NULL;
            ALTER TABLE {s}.operations_audit ALTER COLUMN target_id SET NOT NULL;
            """,
            $"""
            -- The right to probe Tiki is held by one instance until its probe's round settles (not only for a while:
            -- a round may outlast any interval); the lease frees it if that instance dies. The wait between probes is
            -- the delivery engine's to decide, so the row keeps only when the next probe is due.
            ALTER TABLE {s}.tiki_reachability ADD COLUMN probe_by text NULL, ADD COLUMN probe_until timestamptz NULL, DROP COLUMN probe_interval;
            """,
        ];
    }

    /// <summary>Brings the schema to <see cref="LatestVersion"/>; does nothing when it is already there.</summary>
    /// <param name="cancellationToken">Cancels the migration (its transaction rolls back).</param>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var s = Quote(_schema);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@lock))", cancellationToken, ("lock", "tikivip-migrate:" + _schema)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """, cancellationToken).ConfigureAwait(false);

        using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {s}.schema_version", connection, transaction))
        {
            var current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var scripts = Scripts(_schema);
            for (var version = current + 1; version <= scripts.Count; version++)
            {
                await ExecuteAsync(connection, transaction, scripts[version - 1], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"INSERT INTO {s}.schema_version (version) VALUES (@version)", cancellationToken, ("version", version)).ConfigureAwait(false);
            }
        }

        if (_parts.Length > 0)
        {
            await ExecuteAsync(connection, transaction, $"""
                CREATE TABLE IF NOT EXISTS {s}.schema_part_version (part text PRIMARY KEY, version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
                """, cancellationToken).ConfigureAwait(false);
            foreach (var part in _parts)
            {
                await MigratePartAsync(connection, transaction, part, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task MigratePartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TikiVipSchemaPart part, CancellationToken cancellationToken)
    {
        var s = Quote(_schema);
        using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {s}.schema_part_version WHERE part = @part", connection, transaction);
        command.Parameters.AddWithValue("part", part.Name);
        var current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        var scripts = part.Scripts(_schema);
        for (var version = current + 1; version <= scripts.Count; version++)
        {
            await ExecuteAsync(connection, transaction, scripts[version - 1], cancellationToken).ConfigureAwait(false);
        }

        if (scripts.Count > current)
        {
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO {s}.schema_part_version (part, version) VALUES (@part, @version)
                ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = now()
                """, cancellationToken, ("part", part.Name), ("version", scripts.Count)).ConfigureAwait(false);
        }
    }

    internal static string Quote(string schema) => "\"" + schema + "\"";

    /// <summary>The channel the outbox's triggers notify and its delivery service listens on.</summary>
    internal const string NotificationChannel = "tikivip_outbox";

    /// <summary>Whether a schema name is a plain lowercase identifier (it is spliced into SQL, so nothing else is allowed).</summary>
    internal static bool IsValidSchema(string? schema) => schema is not null && SchemaName().IsMatch(schema);

    internal static string ValidateSchema(string schema) =>
        IsValidSchema(schema)
            ? schema
            : throw new ArgumentException($"The schema name '{schema}' must be 1 to 63 lowercase letters, digits or '_', starting with a letter or '_'.", nameof(schema));

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
