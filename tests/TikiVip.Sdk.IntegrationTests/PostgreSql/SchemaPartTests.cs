using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Reconciliation.PostgreSql;
using TikiVip.Sdk.Reconciliation.Tests.Scheduling;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>Each storage package creates its own tables: the core migrator knows the core's, a package registers its part.</summary>
public sealed class SchemaPartTests : IAsyncLifetime
{
    private readonly PostgresSchema schema = new();

    public Task InitializeAsync() => schema.InitializeAsync();

    public Task DisposeAsync() => schema.DisposeAsync();

    [PostgresFact]
    public async Task The_core_creates_no_reconciliation_table_and_the_reconciliation_part_creates_it_once_even_when_migrated_concurrently()
    {
        await new TikiVipPostgreSqlMigrator(schema.DataSource, schema.Name).MigrateAsync();
        Assert.False(await TableExistsAsync("reconciliation_runs"));
        Assert.True(await TableExistsAsync("ipn_outbox"));

        var migrator = new TikiVipPostgreSqlMigrator(schema.DataSource, schema.Name, [TikiVipReconciliationPostgreSqlSchema.Part]);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => migrator.MigrateAsync()));
        await migrator.MigrateAsync();

        Assert.True(await TableExistsAsync("reconciliation_runs"));
        Assert.Equal(1, await schema.ScalarAsync<int>("SELECT version FROM {schema}.schema_part_version WHERE part = 'reconciliation'"));
        Assert.Equal(1L, await schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.schema_part_version"));
        Assert.Equal((long)TikiVipPostgreSqlMigrator.LatestVersion, await schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.schema_version")); // the core's versions, each once
    }

    [PostgresFact]
    public async Task A_schema_whose_reconciliation_table_the_core_once_created_keeps_its_rows()
    {
        // As a schema made by an earlier release: the core's version 3 created the table, and a day was recorded.
        await new TikiVipPostgreSqlMigrator(schema.DataSource, schema.Name).MigrateAsync();
        await schema.ExecuteAsync(TikiVipReconciliationPostgreSqlSchema.Part.Scripts(schema.Name)[0]);
        await schema.ExecuteAsync("INSERT INTO {schema}.reconciliation_runs (partner_name, run_date, updated_at) VALUES ('ACME', '2026-11-21', now())");

        await new TikiVipPostgreSqlMigrator(schema.DataSource, schema.Name, [TikiVipReconciliationPostgreSqlSchema.Part]).MigrateAsync();

        Assert.Equal(1L, await schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.reconciliation_runs"));
        Assert.Equal(1, await schema.ScalarAsync<int>("SELECT version FROM {schema}.schema_part_version WHERE part = 'reconciliation'"));
    }

    [PostgresFact]
    public async Task The_reconciliation_run_stores_registration_adds_its_part_to_the_sdks_migrator_once()
    {
        var services = new ServiceCollection().AddLogging();
        var reconciliation = services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.Environment = TikiVipEnvironment.Sandbox; })
            .UsePostgreSql(schema.DataSource, o => o.Schema = schema.Name)
            .AddReconciliation<DaySource.Scoped>(o => { o.PartnerName = "ACME"; o.WorkDirectory = Path.GetTempPath(); });
        reconciliation.UsePostgreSql();
        reconciliation.UsePostgreSql(); // twice: still one part

        await using var provider = services.BuildServiceProvider();
        var migrator = provider.GetRequiredService<TikiVipPostgreSqlMigrator>();
        Assert.Same(TikiVipReconciliationPostgreSqlSchema.Part, Assert.Single(migrator.Parts));
        await migrator.MigrateAsync();
        Assert.True(await TableExistsAsync("reconciliation_runs"));
    }

    [Fact]
    public void Two_different_parts_with_one_name_are_refused_and_a_part_named_as_no_identifier_is_refused()
    {
        using var dataSource = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1");
        var copy = new TikiVipSchemaPart("reconciliation", _ => []);

        var clash = Assert.Throws<ArgumentException>(() => new TikiVipPostgreSqlMigrator(dataSource, "tikivip", [TikiVipReconciliationPostgreSqlSchema.Part, copy]));
        Assert.Contains("'reconciliation'", clash.Message, StringComparison.Ordinal);
        Assert.Single(new TikiVipPostgreSqlMigrator(dataSource, "tikivip", [copy, copy]).Parts); // the same part twice is one
        Assert.Throws<ArgumentException>(() => new TikiVipSchemaPart("Runs; DROP TABLE x", _ => []));
    }

    private Task<bool> TableExistsAsync(string table) => schema.ScalarAsync<bool>($"SELECT to_regclass('{{schema}}.{table}') IS NOT NULL");
}
