using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Refunds;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>The refund history on PostgreSQL: every instance's deliveries and claims, for the operations page.</summary>
public sealed class PostgreSqlRefundHistoryTests : IAsyncLifetime
{
    private readonly PostgresSchema _schema = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => _schema.InitializeAsync();

    public Task DisposeAsync() => _schema.DisposeAsync();

    [PostgresFact]
    public async Task What_one_instance_records_every_instance_lists_newest_first()
    {
        await using var first = await InstanceAsync();
        await using var second = await InstanceAsync();
        await History(first).RecordAsync(Entry("rq-1", RefundOutcome.Accepted, null), default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await History(second).RecordAsync(Entry("rq-2", RefundOutcome.Failed, "out of stock"), default);

        var entries = await History(first).ListRecentAsync(10, default);

        Assert.Equal([("rq-2", RefundOutcome.Failed, "out of stock"), ("rq-1", RefundOutcome.Accepted, (string?)null)], entries.Select(e => (e.RequestId, e.Outcome, e.Detail)));
        Assert.Equal((_clock.GetUtcNow(), 123_000L, "T-rq-2"), (entries[0].At, entries[0].Amount, entries[0].TikiTransactionId));
        Assert.Single(await History(second).ListRecentAsync(1, default));
    }

    [PostgresFact]
    public async Task Claims_in_progress_are_listed_with_their_lease_until_completed()
    {
        await using var instance = await InstanceAsync(o => o.RefundClaimLease = TimeSpan.FromMinutes(2));
        var store = instance.GetRequiredService<IRefundIdempotencyStore>();
        var running = await store.TryClaimAsync("rq-running", "print-1", default);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var done = await store.TryClaimAsync("rq-done", "print-2", default);
        await store.CompleteAsync(done, default);

        var claim = Assert.Single(await History(instance).ListInProgressAsync(10, default));

        Assert.Equal(RefundClaimStatus.Claimed, running.Status);
        Assert.Equal("rq-running", claim.RequestId);
        Assert.Equal(claim.ClaimedAt + TimeSpan.FromMinutes(2), claim.LeaseUntil);
    }

    [PostgresFact]
    public async Task Entries_older_than_the_retention_are_deleted()
    {
        await using var instance = await InstanceAsync();
        await History(instance).RecordAsync(Entry("rq-old", RefundOutcome.Accepted, null), default);
        _clock.Advance(TimeSpan.FromDays(31));
        await History(instance).RecordAsync(Entry("rq-new", RefundOutcome.Duplicate, null), default);

        var deleted = await instance.GetRequiredService<PostgreSqlRefundHistory>().DeleteExpiredAsync(TimeSpan.FromDays(30), default);

        Assert.Equal(1, deleted);
        Assert.Equal("rq-new", Assert.Single(await History(instance).ListRecentAsync(10, default)).RequestId);
    }

    private static IRefundHistory History(IServiceProvider services) => services.GetRequiredService<IRefundHistory>();

    private RefundHistoryEntry Entry(string requestId, RefundOutcome outcome, string? detail) => new()
    {
        RequestId = requestId, TikiTransactionId = "T-" + requestId, Amount = 123_000, Outcome = outcome, Detail = detail, At = _clock.GetUtcNow(),
    };

    private async Task<ServiceProvider> InstanceAsync(Action<TikiVipPostgreSqlOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddTikiVip(o =>
            {
                o.ClientId = "client";
                o.ClientSecret = "secret";
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .UsePostgreSql(_schema.DataSource, o =>
            {
                o.Schema = _schema.Name;
                configure?.Invoke(o);
            });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        return provider;
    }
}
