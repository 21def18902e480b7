using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Refunds;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>The PostgreSQL refund idempotency store against a real server.</summary>
public sealed class PostgreSqlStoreTests : IAsyncLifetime
{
    private readonly PostgresSchema schema = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => schema.InitializeAsync();

    public Task DisposeAsync() => schema.DisposeAsync();

    [PostgresFact]
    public async Task Migrations_are_idempotent_and_safe_to_run_concurrently()
    {
        await using var services = Services();
        var migrator = services.GetRequiredService<TikiVipPostgreSqlMigrator>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => migrator.MigrateAsync()));
        await migrator.MigrateAsync();

        Assert.Equal((long)TikiVipPostgreSqlMigrator.LatestVersion, await schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.schema_version")); // each version once
        Assert.Equal(TikiVipPostgreSqlMigrator.LatestVersion, await schema.ScalarAsync<int>("SELECT max(version) FROM {schema}.schema_version"));
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.refund_requests"));
    }

    [PostgresFact]
    public async Task Claims_are_shared_by_instances_and_only_the_owner_can_complete()
    {
        await using var a = await MigratedServicesAsync();
        await using var b = Services();
        var storeA = a.GetRequiredService<IRefundIdempotencyStore>();
        var storeB = b.GetRequiredService<IRefundIdempotencyStore>();

        var claim = await storeA.TryClaimAsync("r1", "f", default);
        Assert.Equal(RefundClaimStatus.Claimed, claim.Status);
        var other = await storeB.TryClaimAsync("r1", "f", default);
        Assert.Equal(RefundClaimStatus.InProgress, other.Status);
        Assert.Equal(RefundClaimStatus.Conflict, (await storeB.TryClaimAsync("r1", "other", default)).Status);
        await storeB.CompleteAsync(other, default); // not B's claim: no effect
        Assert.Equal(RefundClaimStatus.InProgress, (await storeB.TryClaimAsync("r1", "f", default)).Status);
        await storeA.CompleteAsync(claim, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, (await storeB.TryClaimAsync("r1", "f", default)).Status);
        Assert.Equal(RefundClaimStatus.Conflict, (await storeB.TryClaimAsync("r1", "other", default)).Status);

        var released = await storeA.TryClaimAsync("r2", "f", default);
        await storeA.ReleaseAsync(released, default);
        Assert.Equal(RefundClaimStatus.Claimed, (await storeB.TryClaimAsync("r2", "f", default)).Status);
    }

    [PostgresFact]
    public async Task An_abandoned_claim_is_taken_over_after_its_lease_and_the_old_owner_cannot_complete_it()
    {
        await using var a = await MigratedServicesAsync(o => o.RefundClaimLease = TimeSpan.FromMinutes(5));
        await using var b = Services(o => o.RefundClaimLease = TimeSpan.FromMinutes(5));
        var crashed = a.GetRequiredService<IRefundIdempotencyStore>();
        var survivor = b.GetRequiredService<IRefundIdempotencyStore>();

        var abandoned = await crashed.TryClaimAsync("r", "f", default);
        Assert.Equal(RefundClaimStatus.Claimed, abandoned.Status);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(RefundClaimStatus.InProgress, (await survivor.TryClaimAsync("r", "f", default)).Status);
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var takeover = await survivor.TryClaimAsync("r", "f", default);
        Assert.Equal(RefundClaimStatus.Claimed, takeover.Status);

        await crashed.ReleaseAsync(abandoned, default); // the old owner wakes up: must not delete the new claim
        Assert.Equal(RefundClaimStatus.InProgress, (await crashed.TryClaimAsync("r", "f", default)).Status);
        await survivor.CompleteAsync(takeover, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, (await crashed.TryClaimAsync("r", "f", default)).Status);
    }

    [PostgresFact]
    public async Task A_takeover_within_one_instance_keeps_both_runs_apart_and_logs_the_double_run()
    {
        // Two deliveries of one refund reach the same instance; the first handler outlives its lease.
        await using var services = await MigratedServicesAsync(o => o.RefundClaimLease = TimeSpan.FromMinutes(5));
        var store = services.GetRequiredService<IRefundIdempotencyStore>();
        var logs = services.GetFakeLogCollector();

        var first = await store.TryClaimAsync("r", "f", default);
        _clock.Advance(TimeSpan.FromMinutes(6));
        var second = await store.TryClaimAsync("r", "f", default);
        Assert.Equal(RefundClaimStatus.Claimed, second.Status);
        Assert.NotEqual(first.Token, second.Token);

        await store.CompleteAsync(first, default);  // the slow first run finishes: its claim is gone
        var doubleRun = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "RefundStoreClaimLost");
        Assert.Equal(LogLevel.Error, doubleRun.Level);
        Assert.Contains("may have run twice", doubleRun.Message);
        Assert.Equal(RefundClaimStatus.InProgress, (await store.TryClaimAsync("r", "f", default)).Status);

        await store.CompleteAsync(second, default); // the second run's completion is its own
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, (await store.TryClaimAsync("r", "f", default)).Status);
        Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "RefundStoreClaimLost");
    }

    [PostgresFact]
    public async Task Partial_refunds_of_one_transaction_never_add_up_to_more_than_was_paid()
    {
        await using var services = await MigratedServicesAsync();
        var store = services.GetRequiredService<IRefundIdempotencyStore>();

        var first = await store.TryClaimAsync(StoreClaims.Refund("p1", "T-SUM", 100_000, 40_000), "f1", default);
        await store.CompleteAsync(first, default);
        var second = await store.TryClaimAsync(StoreClaims.Refund("p2", "T-SUM", 100_000, 40_000), "f2", default); // in progress still counts
        var third = await store.TryClaimAsync(StoreClaims.Refund("p3", "T-SUM", 100_000, 40_000), "f3", default);

        Assert.Equal((RefundClaimStatus.Claimed, RefundClaimStatus.Claimed), (first.Status, second.Status));
        Assert.Equal(RefundClaimStatus.ExceedsTransactionAmount, third.Status);
        Assert.Equal(80_000, third.AlreadyRefunded);

        await store.ReleaseAsync(second, default); // the handler declined: its amount is given back
        Assert.Equal(RefundClaimStatus.Claimed, (await store.TryClaimAsync(StoreClaims.Refund("p3", "T-SUM", 100_000, 40_000), "f3", default)).Status);
        Assert.Equal(RefundClaimStatus.ExceedsTransactionAmount, (await store.TryClaimAsync(StoreClaims.Refund("p4", "T-SUM", 100_000, 30_000), "f4", default)).Status);
        Assert.Equal(RefundClaimStatus.Claimed, (await store.TryClaimAsync(StoreClaims.Refund("p5", "T-SUM", 100_000, 20_000), "f5", default)).Status);
    }

    [PostgresFact]
    public async Task Two_instances_racing_different_refunds_of_one_transaction_cannot_both_pass_the_limit()
    {
        await using var a = await MigratedServicesAsync();
        await using var b = Services();
        var stores = new[] { a.GetRequiredService<IRefundIdempotencyStore>(), b.GetRequiredService<IRefundIdempotencyStore>() };

        for (var round = 0; round < 5; round++)
        {
            var transaction = $"T-RACE-{round}";
            var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
                await stores[i % 2].TryClaimAsync(StoreClaims.Refund($"{transaction}-rf-{i}", transaction, 100_000, 40_000), $"f{i}", default))));

            Assert.Equal(2, claims.Count(c => c.Status == RefundClaimStatus.Claimed)); // 2 x 40,000 fit in 100,000; a third never
            Assert.Equal(8, claims.Count(c => c.Status == RefundClaimStatus.ExceedsTransactionAmount));
        }
    }

    [PostgresFact]
    public async Task Retention_cleanup_deletes_only_expired_completed_refunds()
    {
        await using var services = await MigratedServicesAsync(o => o.RefundClaimLease = TimeSpan.FromDays(100));
        var store = services.GetRequiredService<PostgreSqlRefundIdempotencyStore>();
        await store.CompleteAsync(await store.TryClaimAsync("old", "f", default), default);
        await store.TryClaimAsync("busy", "f", default);
        _clock.Advance(TimeSpan.FromDays(10));
        await store.CompleteAsync(await store.TryClaimAsync("recent", "f", default), default);

        _clock.Advance(TimeSpan.FromDays(21)); // "old" completed 31 days ago, "recent" 21
        var deleted = await store.DeleteExpiredAsync(TimeSpan.FromDays(30), default);

        Assert.Equal(1, deleted);
        // The id is forgotten, but what its transaction refunded is not: a redelivery is still not paid twice.
        Assert.Equal(RefundClaimStatus.ExceedsTransactionAmount, (await store.TryClaimAsync("old", "f", default)).Status);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, (await store.TryClaimAsync("recent", "f", default)).Status);
        Assert.Equal(RefundClaimStatus.InProgress, (await store.TryClaimAsync("busy", "f", default)).Status);
    }

    [PostgresFact]
    public async Task Two_hosts_sharing_the_database_run_the_handler_once_for_200_concurrent_deliveries()
    {
        var calls = new ConcurrentQueue<RefundRequest>();
        await using var first = await PartnerAsync(calls);
        await using var second = await PartnerAsync(calls);
        var refund = new RefundRequest("TIKI-1", "ORDER-1", 100_000, "Khách hàng huỷ gói", "rf-shared-1");
        var signed = TikiVipSignedRequest.ForRefund(refund, "client", "secret", TimeProvider.System.GetUtcNow());

        var deliveries = Enumerable.Range(0, 200)
            .Select(i => (i % 2 == 0 ? first : second).GetTestClient().SendAsync(signed.ToHttpRequestMessage(new Uri("http://localhost/tikivip/refunds"))))
            .ToList();
        var responses = await Task.WhenAll(deliveries);

        Assert.Single(calls);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.InternalServerError }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        using var later = await second.GetTestClient().SendAsync(signed.ToHttpRequestMessage(new Uri("http://localhost/tikivip/refunds")));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Single(calls);
    }

    [PostgresFact]
    public async Task An_authentic_invalid_refund_is_kept_in_the_database_seen_by_every_instance_and_accepted_once_resolved()
    {
        var calls = new ConcurrentQueue<RefundRequest>();
        await using var first = await PartnerAsync(calls);
        await using var second = await PartnerAsync(calls);
        var body = System.Text.Encoding.UTF8.GetBytes("""{"tiki_transaction_id":"T","transaction_amount":0,"transaction_id":"P","reason":"r","request_id":"rf-pg-q"}""");
        var url = new Uri("http://localhost/tikivip/refunds");

        using var one = await first.GetTestClient().SendAsync(TikiVipSignedRequest.ForBody(body, "client", "secret", TimeProvider.System.GetUtcNow()).ToHttpRequestMessage(url));
        using var two = await second.GetTestClient().SendAsync(TikiVipSignedRequest.ForBody(body, "client", "secret", TimeProvider.System.GetUtcNow()).ToHttpRequestMessage(url));

        Assert.Equal(HttpStatusCode.InternalServerError, one.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, two.StatusCode);
        var quarantine = second.Services.GetRequiredService<IRefundQuarantine>();
        var kept = Assert.Single((await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        Assert.Equal(2, kept.Deliveries);
        Assert.Equal("rf-pg-q", kept.RequestId);
        Assert.Equal("transaction_amount", kept.Field);
        Assert.Equal(body, kept.Body.ToArray());

        Assert.True(await quarantine.ResolveAsync(kept.Id, "ops@partner", "refunded by hand", default));
        Assert.False(await quarantine.ResolveAsync(kept.Id, "ops@partner", "twice", default));
        using var three = await first.GetTestClient().SendAsync(TikiVipSignedRequest.ForBody(body, "client", "secret", TimeProvider.System.GetUtcNow()).ToHttpRequestMessage(url));

        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        var resolved = Assert.Single((await first.Services.GetRequiredService<IRefundQuarantine>().QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 10 }, default)).Entries);
        Assert.Equal("ops@partner", resolved.ResolvedBy);
        Assert.Equal("refunded by hand", resolved.Resolution);
        Assert.Empty(calls);
    }

    [PostgresFact]
    public async Task The_quarantine_is_searched_and_paged_in_the_database()
    {
        await using var instance = await MigratedServicesAsync();

        await QuarantinePaging.AssertSearchedAndPagedAsync(instance.GetRequiredService<IRefundQuarantine>(), _clock);
    }

    [PostgresFact]
    public void Calling_use_postgresql_twice_is_refused()
    {
        var builder = new ServiceCollection().AddTikiVip(o => o.ClientId = "c").UsePostgreSql(schema.DataSource);

        Assert.Throws<InvalidOperationException>(() => builder.UsePostgreSql(schema.DataSource));
    }

    [PostgresFact]
    public async Task Refund_history_recorded_by_one_instance_is_listed_by_every_instance_newest_first()
    {
        await using var first = await MigratedServicesAsync();
        await using var second = await MigratedServicesAsync();
        await History(first).RecordAsync(Entry("rq-1", RefundOutcome.Accepted, null), default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await History(second).RecordAsync(Entry("rq-2", RefundOutcome.Failed, "out of stock"), default);

        var entries = (await History(first).QueryAsync(new RefundHistoryQuery { Limit = 10 }, default)).Entries;

        Assert.Equal([("rq-2", RefundOutcome.Failed, "out of stock"), ("rq-1", RefundOutcome.Accepted, (string?)null)], entries.Select(e => (e.RequestId, e.Outcome, e.Detail)));
        Assert.Equal((_clock.GetUtcNow(), 123_000L, "T-rq-2"), (entries[0].At, entries[0].Amount, entries[0].TikiTransactionId));
        Assert.Single((await History(second).QueryAsync(new RefundHistoryQuery { Limit = 1 }, default)).Entries);
    }

    [PostgresFact]
    public async Task Refund_history_is_searched_filtered_and_paged_in_the_database_by_index()
    {
        await using var instance = await MigratedServicesAsync();
        for (var i = 1; i <= 250; i++)
        {
            await History(instance).RecordAsync(Entry($"rq-{i}", i % 50 == 0 ? RefundOutcome.ExceedsTransactionAmount : RefundOutcome.Accepted, null), default);
        }

        var first = await History(instance).QueryAsync(new RefundHistoryQuery { Limit = 100 }, default);
        var next = await History(instance).QueryAsync(new RefundHistoryQuery { Limit = 100, Before = first.NextBefore }, default);
        var last = await History(instance).QueryAsync(new RefundHistoryQuery { Limit = 100, Before = next.NextBefore }, default);

        Assert.Equal(("rq-250", "rq-151", "rq-150", "rq-51", "rq-50", "rq-1"), (first.Entries[0].RequestId, first.Entries[^1].RequestId, next.Entries[0].RequestId, next.Entries[^1].RequestId, last.Entries[0].RequestId, last.Entries[^1].RequestId));
        Assert.Null(last.NextBefore);
        Assert.Equal(["rq-250", "rq-200", "rq-150", "rq-100", "rq-50"], (await History(instance).QueryAsync(new RefundHistoryQuery { Outcome = RefundOutcome.ExceedsTransactionAmount }, default)).Entries.Select(e => e.RequestId));
        Assert.Equal("rq-7", Assert.Single((await History(instance).QueryAsync(new RefundHistoryQuery { Search = "T-RQ-7" }, default)).Entries).RequestId); // by Tiki's id, any case
        Assert.Equal("rq-7", Assert.Single((await History(instance).QueryAsync(new RefundHistoryQuery { Search = "rq-7" }, default)).Entries).RequestId);

        // The searches use the indexes of schema version 8, not a scan of the table.
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        await using (var noScans = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await noScans.ExecuteNonQueryAsync(); // with 250 rows a scan would be cheapest; the question is whether an index can serve
        }

        await using var explain = new Npgsql.NpgsqlCommand(
            $"EXPLAIN (FORMAT JSON) SELECT id FROM \"{schema.Name}\".refund_history WHERE lower(request_id) = lower('rq-7') OR lower(tiki_transaction_id) = lower('rq-7') ORDER BY id DESC LIMIT 101",
            connection);
        var plan = (string)(await explain.ExecuteScalarAsync())!;
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("refund_history_request", plan, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Refund_history_lists_claims_in_progress_with_their_lease_until_completed()
    {
        await using var instance = await MigratedServicesAsync(o => o.RefundClaimLease = TimeSpan.FromMinutes(2));
        var store = instance.GetRequiredService<IRefundIdempotencyStore>();
        var running = await store.TryClaimAsync("rq-running", "print-1", default);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var done = await store.TryClaimAsync("rq-done", "print-2", default);
        await store.CompleteAsync(done, default);

        var claim = Assert.Single(await store.ListInProgressAsync(10, default));

        Assert.Equal(RefundClaimStatus.Claimed, running.Status);
        Assert.Equal("rq-running", claim.RequestId);
        Assert.Equal(claim.ClaimedAt + TimeSpan.FromMinutes(2), claim.LeaseUntil);
    }

    [PostgresFact]
    public async Task Refund_history_older_than_the_retention_is_deleted()
    {
        await using var instance = await MigratedServicesAsync();
        await History(instance).RecordAsync(Entry("rq-old", RefundOutcome.Accepted, null), default);
        _clock.Advance(TimeSpan.FromDays(31));
        await History(instance).RecordAsync(Entry("rq-new", RefundOutcome.Duplicate, null), default);

        var deleted = await instance.GetRequiredService<PostgreSqlRefundHistory>().DeleteExpiredAsync(TimeSpan.FromDays(30), default);

        Assert.Equal(1, deleted);
        Assert.Equal("rq-new", Assert.Single((await History(instance).QueryAsync(new RefundHistoryQuery { Limit = 10 }, default)).Entries).RequestId);
    }

    private static IRefundHistory History(IServiceProvider services) => services.GetRequiredService<IRefundHistory>();

    private RefundHistoryEntry Entry(string requestId, RefundOutcome outcome, string? detail) => new()
    {
        RequestId = requestId, TikiTransactionId = "T-" + requestId, Amount = 123_000, Outcome = outcome, Detail = detail, At = _clock.GetUtcNow(),
    };

    private ServiceProvider Services(Action<TikiVipPostgreSqlOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddTikiVip(o =>
            {
                o.ClientId = "client";
                o.ClientSecret = "secret";
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .UsePostgreSql(schema.DataSource, o =>
            {
                o.Schema = schema.Name;
                configure?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }

    private async Task<ServiceProvider> MigratedServicesAsync(Action<TikiVipPostgreSqlOptions>? configure = null)
    {
        var services = Services(configure);
        await services.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        return services;
    }

    private async Task<WebApplication> PartnerAsync(ConcurrentQueue<RefundRequest> calls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(calls);
        builder.Services.AddTikiVip(o =>
            {
                o.ClientId = "client";
                o.ClientSecret = "secret";
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .AddRefundHandler<SlowQueueHandler>()
            .UsePostgreSql(schema.ConnectionString + ";Maximum Pool Size=20", o =>
            {
                o.Schema = schema.Name;
                o.Outbox.Deliver = false;
            });
        var app = builder.Build();
        app.MapTikiVipRefunds();
        await app.StartAsync(); // runs the migration, concurrently for both hosts
        return app;
    }

    private sealed class SlowQueueHandler(ConcurrentQueue<RefundRequest> calls) : IRefundHandler
    {
        public async Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            calls.Enqueue(refund);
            await Task.Delay(200, cancellationToken); // keeps the claim in progress while the duplicates arrive
            return RefundResult.Accepted();
        }
    }
}
