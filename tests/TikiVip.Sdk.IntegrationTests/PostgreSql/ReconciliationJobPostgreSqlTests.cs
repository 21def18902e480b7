using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Reconciliation.PostgreSql;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>
/// The daily job on several instances sharing PostgreSQL, against the real SFTP server: one instance per day, runs
/// recorded, a crash resumed (API reference, "5. Reconciliation file").
/// </summary>
public sealed class ReconciliationJobPostgreSqlTests : IAsyncLifetime
{
    private static readonly DateOnly Nov21 = new(2026, 11, 21);
    private readonly PostgresSchema _schema = new();
    private readonly string _partner = JobHarness.NewPartner();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.FromHours(7)));
    private readonly DaySource _source = new();
    private readonly List<JobHarness> _instances = [];

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        if (_schema.DataSource is not null)
        {
            await new TikiVipPostgreSqlMigrator(_schema.DataSource, _schema.Name, [TikiVipReconciliationPostgreSqlSchema.Part]).MigrateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        JobHarness.CleanServer(_partner);
        await _schema.DisposeAsync();
    }

    [PostgresSftpFact]
    public async Task Two_instances_racing_for_the_day_deliver_it_once_and_the_run_is_recorded_in_the_database()
    {
        var a = Instance();
        var b = Instance();
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = Task.Run(() => a.Job.RunDueAsync());
        await _source.Entered.Task;
        var other = await b.Job.RunDueAsync();
        _source.Gate.SetResult();
        var winner = Assert.Single(await racing);

        Assert.Empty(other);
        Assert.Equal(1, _source.Calls[Nov21]);
        Assert.Single(Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*"));
        Assert.Equal(2, await _schema.ScalarAsync<short>($"SELECT state FROM {{schema}}.reconciliation_runs WHERE partner_name = '{_partner}' AND run_date = '2026-11-21'"));
        Assert.Equal(0L, await _schema.ScalarAsync<long>($"SELECT count(*) FROM {{schema}}.reconciliation_runs WHERE partner_name = '{_partner}' AND lease_owner IS NOT NULL"));
        Assert.Equal(JobHarness.Describe(winner), JobHarness.Describe(Assert.Single(await b.Job.GetRunsAsync(Nov21, Nov21)))); // what a recorded, b reads
    }

    [PostgresSftpFact]
    public async Task A_crash_between_upload_and_recording_is_completed_by_another_instance_without_a_second_copy_on_the_server()
    {
        var crashing = Instance(store: new CrashingStore(new PostgreSqlReconciliationRunStore(_schema.DataSource, _schema.Name), r => r.State == ReconciliationRunState.Uploaded));
        await Assert.ThrowsAsync<IOException>(() => crashing.Job.RunDueAsync());
        var remote = Path.Combine(SftpServer.Inbound, $"tikivip_{_partner}_20261121_1.csv");
        var sentAt = File.GetLastWriteTimeUtc(remote);
        Assert.Equal(1, await _schema.ScalarAsync<short>($"SELECT state FROM {{schema}}.reconciliation_runs WHERE partner_name = '{_partner}'")); // written, not recorded as uploaded

        var other = Instance(); // another machine: the dead one's files are not on its disk
        Assert.Empty(await other.Job.RunDueAsync()); // the dead instance's lease still runs
        _clock.Advance(TimeSpan.FromMinutes(11));
        var resumed = Assert.Single(await other.Job.RunDueAsync());

        Assert.Equal(ReconciliationRunState.Uploaded, resumed.State);
        Assert.Equal(2, _source.Calls[Nov21]); // written again from the source: the same rows, the same bytes
        Assert.Equal(sentAt, File.GetLastWriteTimeUtc(remote)); // recognised on the server, not replaced
        Assert.Single(Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*"));
        Assert.Contains(other.Logs.GetSnapshot(), l => l.Id.Name == "ReconciliationDelivered" && l.Message.Contains("1 already there", StringComparison.Ordinal));
    }

    [PostgresSftpFact]
    public async Task The_lease_is_renewed_while_an_instance_works_and_an_instance_that_lost_it_stops_without_recording()
    {
        var a = Instance();
        var b = Instance();
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Task.Run(() => a.Job.RunDueAsync());
        await _source.Entered.Task;

        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(4)); // past the 10-minute lease, renewed every 3 min 20 s
            await WaitForLeaseAsync(after: _clock.GetUtcNow());
        }

        Assert.Empty(await b.Job.RunDueAsync()); // renewed: still a's

        // a freezes (its renewals stop reaching the database) and its lease runs out; b takes the day over.
        await _schema.ScalarAsync<int>($"WITH u AS (UPDATE {{schema}}.reconciliation_runs SET lease_until = now() - interval '1 year' WHERE partner_name = '{_partner}' RETURNING 1) SELECT count(*)::int FROM u");
        _source.Gate = null;
        var taken = Assert.Single(await b.Job.RunDueAsync());
        Assert.Equal(ReconciliationRunState.Uploaded, taken.State);

        _clock.Advance(TimeSpan.FromMinutes(4)); // a's next renewal finds the lease gone
        var lost = await slow.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(lost);
        Assert.Contains(a.Logs.GetSnapshot(), l => l.Id.Name == "ReconciliationLeaseLost");
        Assert.Equal(JobHarness.Describe(taken), JobHarness.Describe(Assert.Single(await a.Job.GetRunsAsync(Nov21, Nov21)))); // b's record stands
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UsePostgreSql_makes_the_job_share_its_runs_whatever_the_order_the_database_is_registered_in(bool databaseFirst)
    {
        var services = new ServiceCollection().AddLogging();
        var builder = services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.Environment = TikiVipEnvironment.Sandbox; });
        if (databaseFirst)
        {
            builder.UsePostgreSql("Host=127.0.0.1;Database=none"); // nothing connects while resolving
        }

        builder.AddReconciliation<DaySource.Scoped>(o => o.PartnerName = "ACME").UsePostgreSql();
        if (!databaseFirst)
        {
            builder.UsePostgreSql("Host=127.0.0.1;Database=none");
        }

        await using var provider = services.BuildServiceProvider();

        Assert.IsType<PostgreSqlReconciliationRunStore>(provider.GetRequiredService<IReconciliationRunStore>());
    }

    [Fact]
    public async Task The_run_store_without_the_database_says_what_to_call()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.Environment = TikiVipEnvironment.Sandbox; })
            .AddReconciliation<DaySource.Scoped>(o => o.PartnerName = "ACME").UsePostgreSql();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IReconciliationRunStore>());

        Assert.Contains("UsePostgreSql(connectionString)", error.Message);
    }

    private async Task WaitForLeaseAsync(DateTimeOffset after)
    {
        for (var i = 0; i < 200; i++)
        {
            var until = await _schema.ScalarAsync<DateTime>($"SELECT lease_until FROM {{schema}}.reconciliation_runs WHERE partner_name = '{_partner}'");
            if (until > after.UtcDateTime)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("the lease was not renewed");
    }

    private JobHarness Instance(IReconciliationRunStore? store = null)
    {
        var instance = JobHarness.Create(_partner, _clock, _source, tikiVip: b => b.UsePostgreSql(_schema.DataSource, o => o.Schema = _schema.Name), configure: b =>
        {
            b.UsePostgreSql();
            if (store is not null)
            {
                b.Services.AddSingleton(store);
            }
        });
        _instances.Add(instance);
        return instance;
    }
}

/// <summary>A test that needs both PostgreSQL and the SFTP server: skipped, with the reason, when either is missing.</summary>
public sealed class PostgresSftpFactAttribute : FactAttribute
{
    public PostgresSftpFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString))
        {
            Skip = $"{PostgresFactAttribute.Variable} is not set: no PostgreSQL server to test against (.ci/run and .ci/postgres.sh provide one).";
        }
        else if (!SftpServer.IsConfigured)
        {
            Skip = $"{SftpServer.Variable} is not set: no SFTP server to test against (.ci/run and .ci/sftp.sh provide one).";
        }
    }
}
