using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Cli.Tests;

/// <summary><c>tikivip refund quarantine</c> against a real PostgreSQL server (TIKIVIP_TEST_POSTGRES).</summary>
public sealed class QuarantineCommandTests : IAsyncLifetime
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("TIKIVIP_TEST_POSTGRES");
    private readonly string _schema = "cli_" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        if (ConnectionString is not null)
        {
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await new TikiVipPostgreSqlMigrator(dataSource, _schema).MigrateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString is not null)
        {
            await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [PostgresFact]
    public async Task List_shows_a_quarantined_refund_and_resolve_marks_it_once()
    {
        var kept = await QuarantineAsync("""{"tiki_transaction_id":"T","transaction_amount":0,"request_id":"rf-cli-1"}""");
        var environment = new Dictionary<string, string?> { ["TikiVip__PostgreSql__ConnectionString"] = ConnectionString };

        var listed = await Cli.RunAsync(["refund", "quarantine", "list", "--schema", _schema, "--json"], environment);
        var resolved = await Cli.RunAsync(["refund", "quarantine", "resolve", kept.Id, "--by", "ops@partner", "--note", "refunded by hand", "--schema", _schema], environment);
        var again = await Cli.RunAsync(["refund", "quarantine", "resolve", kept.Id, "--by", "ops@partner", "--note", "twice", "--schema", _schema], environment);
        var open = await Cli.RunAsync(["refund", "quarantine", "list", "--schema", _schema, "--json"], environment);
        var everything = await Cli.RunAsync(["refund", "quarantine", "list", "--all", "--schema", _schema, "--json"], environment);

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains($"\"id\":\"{kept.Id}\"", listed.Output);
        Assert.Contains("\"request_id\":\"rf-cli-1\"", listed.Output);
        Assert.Equal(0, resolved.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain(kept.Id, open.Output);
        Assert.Contains("\"resolved_by\":\"ops@partner\"", everything.Output);
    }

    [Fact]
    public async Task Without_a_connection_string_it_is_a_usage_error_naming_the_setting()
    {
        var run = await Cli.RunAsync(["refund", "quarantine", "list"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--connection-string (or TikiVip__PostgreSql__ConnectionString) is required", run.Error);
    }

    private async Task<QuarantinedRefund> QuarantineAsync(string body)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(_ => { }).UsePostgreSql(ConnectionString!, o =>
        {
            o.Schema = _schema;
            o.Outbox.Deliver = false;
        });
        await using var provider = services.BuildServiceProvider();
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        return await provider.GetRequiredService<IRefundQuarantine>().AddAsync(
            new QuarantinedRefund(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), "rf-cli-1", bytes, "transaction_amount", "transaction_amount must be a positive whole number.", TimeProvider.System.GetUtcNow()),
            default);
    }
}

/// <summary>A test that needs a PostgreSQL server: skipped, with the reason, when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TIKIVIP_TEST_POSTGRES")))
        {
            Skip = "TIKIVIP_TEST_POSTGRES is not set: no PostgreSQL server to test against (.ci/run and .ci/postgres.sh provide one).";
        }
    }
}
