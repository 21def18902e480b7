using TikiVip.Sdk.PostgreSql;

namespace TikiVip.Sdk.Reconciliation.PostgreSql;

/// <summary>
/// The reconciliation run store's table, <c>reconciliation_runs</c>, owned by this package: <c>UsePostgreSql</c>
/// registers the part, and the SDK's migrator creates and upgrades it with the core tables.
/// </summary>
public static class TikiVipReconciliationPostgreSqlSchema
{
    /// <summary>The part, for <see cref="TikiVipPostgreSqlMigrator(Npgsql.NpgsqlDataSource, string, IEnumerable{TikiVipSchemaPart})"/> when migrations are run by hand.</summary>
    public static TikiVipSchemaPart Part { get; } = new("reconciliation", schema =>
    [
        // IF NOT EXISTS: schemas made before the table had a part of its own got it from the core's version 3.
        $"""
        CREATE TABLE IF NOT EXISTS {schema}.reconciliation_runs (
            partner_name       text        NOT NULL,
            run_date           date        NOT NULL,
            state              smallint    NOT NULL DEFAULT 0, -- 0 pending, 1 written, 2 uploaded, 3 matched, 4 failed
            files              jsonb       NOT NULL DEFAULT '[]',
            written_at         timestamptz NULL,
            uploaded_at        timestamptz NULL,
            matched_at         timestamptz NULL,
            result_fingerprint text        NULL,
            mismatches         bigint      NULL,
            report_path        text        NULL,
            failed_attempts    integer     NOT NULL DEFAULT 0,
            error              text        NULL,
            lease_owner        text        NULL,
            lease_until        timestamptz NULL,
            updated_at         timestamptz NOT NULL,
            PRIMARY KEY (partner_name, run_date)
        );
        """,
    ]);
}
