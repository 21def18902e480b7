using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.PostgreSql;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>The audit trail on PostgreSQL keeps each target typed (its kind and id), and types the entries written before it did.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly PostgresSchema schema = new();

    public Task InitializeAsync() => schema.InitializeAsync();

    public Task DisposeAsync() => schema.DisposeAsync();

    [PostgresFact]
    public async Task Each_target_comes_back_with_its_kind_and_is_found_by_its_words()
    {
        await using var services = Services();
        await services.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var trail = services.GetRequiredService<IOperationsAuditTrail>();
        OperationsAuditTarget[] targets =
        [
            OperationsAuditTarget.Ipn(42), OperationsAuditTarget.ReconciliationDay("2026-11-30"), OperationsAuditTarget.QuarantinedRefund("ab12"),
            OperationsAuditTarget.FailedIpns("(transaction T-1)"), OperationsAuditTarget.Other("/tikivip/ops/ipn/42/retry"),
        ];
        foreach (var target in targets)
        {
            await trail.RecordAsync(new OperationsAuditEntry { Actor = "alice", Action = "Act", Target = target, At = DateTimeOffset.UnixEpoch }, default);
        }

        var read = (await trail.QueryAsync(new OperationsAuditQuery(), default)).Entries.Select(e => e.Target).Reverse();
        Assert.Equal(targets, read);
        Assert.Equal(OperationsAuditTarget.Ipn(42), Assert.Single((await trail.QueryAsync(new OperationsAuditQuery { Search = "ipn 42" }, default)).Entries).Target);
    }

    [PostgresFact]
    public async Task Entries_written_before_targets_were_typed_get_their_kind_when_the_schema_is_upgraded()
    {
        // A schema at version 12, with entries as that version wrote them: the target in words only.
        var scripts = TikiVipPostgreSqlMigrator.Scripts(schema.Name);
        await schema.ExecuteAsync("CREATE SCHEMA {schema}; CREATE TABLE {schema}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());");
        for (var version = 1; version <= 12; version++)
        {
            await schema.ExecuteAsync(scripts[version - 1]);
            await schema.ExecuteAsync($"INSERT INTO {{schema}}.schema_version (version) VALUES ({version})");
        }

        await schema.ExecuteAsync("""
            INSERT INTO {schema}.operations_audit (at, actor, action, target, outcome) VALUES
              (now(), 'alice', 'Retry IPN', 'IPN 7', 0),
              (now(), 'alice', 'Deliver reconciliation day', 'reconciliation 2026-11-30', 0),
              (now(), 'alice', 'Resolve quarantined refund', 'quarantined refund ab12', 0),
              (now(), 'alice', 'Retry failed IPNs', 'failed IPNs (all)', 0),
              (now(), 'mallory', 'POST', '/tikivip/ops/ipn/7/retry', 1),
              (now(), 'alice', 'Retry IPN', 'IPN seven', 1)
            """);

        await using var services = Services();
        await services.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();

        var read = (await services.GetRequiredService<IOperationsAuditTrail>().QueryAsync(new OperationsAuditQuery(), default)).Entries.Select(e => e.Target).Reverse();
        Assert.Equal(
        [
            OperationsAuditTarget.Ipn(7), OperationsAuditTarget.ReconciliationDay("2026-11-30"), OperationsAuditTarget.QuarantinedRefund("ab12"),
            OperationsAuditTarget.FailedIpns("(all)"), OperationsAuditTarget.Other("/tikivip/ops/ipn/7/retry"), OperationsAuditTarget.Other("IPN seven"),
        ], read);
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.Environment = TikiVipEnvironment.Sandbox; })
            .UsePostgreSql(schema.DataSource, o => o.Schema = schema.Name);
        return services.BuildServiceProvider();
    }
}
