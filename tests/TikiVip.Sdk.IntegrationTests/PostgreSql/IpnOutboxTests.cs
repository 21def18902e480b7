using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>The durable IPN outbox against a real PostgreSQL server and the emulator.</summary>
public sealed class IpnOutboxTests : IAsyncLifetime
{
    private readonly PostgresSchema _schema = new();
    private TikiVipEmulator _tiki = null!;
    private ServiceProvider _admin = null!;

    private IIpnOutbox Outbox => _admin.GetRequiredService<IIpnOutbox>();

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        _tiki = await TikiVipEmulator.StartAsync();
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        // An "operations" view on the same tables: enqueues and queries, delivers nothing.
        _admin = Services(outbox: o =>
            {
                o.Outbox.Lease = TimeSpan.FromSeconds(1);
                o.Outbox.Deliver = false;
            }).BuildServiceProvider();
        await _admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await _tiki.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task An_ipn_enqueued_in_the_partners_transaction_exists_only_if_it_commits()
    {
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        {
            await using var rolledBack = await connection.BeginTransactionAsync();
            await Outbox.EnqueueAsync(new IpnRequest("T-1", "ORDER-1", 1000, TikiVipTransactionStatus.Success), rolledBack);
            await rolledBack.RollbackAsync();

            await using var committed = await connection.BeginTransactionAsync();
            await Outbox.EnqueueAsync(new IpnRequest("T-2", "ORDER-2", 1000, TikiVipTransactionStatus.Success) { PartnerBankingMethod = "VISA" }, committed);
            await committed.CommitAsync();
        }

        var entry = Assert.Single((await Outbox.QueryAsync(new IpnOutboxQuery())).Entries);
        Assert.Equal("T-2", entry.TikiTransactionId);
        Assert.Equal(IpnOutboxState.Pending, entry.State);
        Assert.Equal("VISA", entry.PartnerBankingMethod);
        Assert.Equal(0, entry.Attempts);
    }

    [PostgresFact]
    public async Task An_instance_stopped_mid_delivery_loses_nothing_and_another_finishes()
    {
        var ids = Enumerable.Range(1, 20).Select(i => _tiki.CreateTransaction(1000 + i)).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await Outbox.EnqueueAsync(new IpnRequest(id, $"ORDER-{i}", 1001 + i, TikiVipTransactionStatus.Success));
        }

        _tiki.TimeOutNextRequests(1); // the first instance hangs inside its first IPN
        using (var first = await StartInstanceAsync())
        {
            await Eventually.TrueAsync(() => Task.FromResult(_tiki.Requests.Count >= 1));
            await first.StopAsync(TimeSpan.FromSeconds(10));
        }

        using var second = await StartInstanceAsync();
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Count == 20);

        Assert.Empty((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Pending })).Entries);
        Assert.Empty((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed })).Entries);
        Assert.All(ids, id => Assert.Equal(TikiVipTransactionStatus.Success, _tiki.GetTransaction(id).Status));
        Assert.All(ids, id => Assert.True(_tiki.GetTransaction(id).AcceptedIpnCount >= 1));
    }

    [PostgresFact]
    public async Task With_a_slow_tiki_idle_instances_never_resend_the_tail_of_a_busy_instances_batch()
    {
        // One instance claims a batch of 10, the other the rest and then idles. At ~700 ms an IPN the batch takes
        // ~7 s, longer than the 5.5 s lease: leased once for the whole batch, its tail would be claimed and sent
        // again by the idle instance (45 requests for 30 transactions were measured before the fix). The client's
        // own budget (2.5 s) is far above the latency, so no IPN is retried for being slow.
        var ids = Enumerable.Range(1, 12).Select(i => _tiki.CreateTransaction(1000 + i)).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await Outbox.EnqueueAsync(new IpnRequest(id, $"ORDER-{i}", 1000 + i + 1, TikiVipTransactionStatus.Success));
        }

        _tiki.ResponseDelay = TimeSpan.FromMilliseconds(700);
        void Client(TikiVipOptions o)
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(2.5);
            o.TotalTimeout = TimeSpan.FromSeconds(2.5);
            o.Retry.MaxRetryAttempts = 0;
        }

        void Outboxes(TikiVipPostgreSqlOptions o)
        {
            o.Outbox.Lease = TimeSpan.FromSeconds(5.5);
            o.Outbox.BatchSize = 10;
        }

        using var a = await StartInstanceAsync(Client, Outboxes);
        using var b = await StartInstanceAsync(Client, Outboxes);
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered, Limit = 1000 })).Entries).Count == 12);
        await WaitUntilIdleAsync(a, b); // an instance still sending a stolen entry would show up once it is done

        var sent = _tiki.Requests.Where(r => r.PathAndQuery.StartsWith("/payment/ipn", StringComparison.Ordinal)).ToList();
        Assert.True(sent.Count == 12, $"{sent.Count} IPNs sent for 12 transactions");
        Assert.All(ids, id => Assert.Equal(1, _tiki.GetTransaction(id).AcceptedIpnCount));
        Assert.All((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered, Limit = 1000 })).Entries, e => Assert.Equal(1, e.Attempts));
    }

    [PostgresFact]
    public void A_lease_shorter_than_an_ipn_and_its_lookup_is_refused_at_start_up()
    {
        var services = Services(client: o => o.TotalTimeout = TimeSpan.FromSeconds(60), outbox: o => o.Outbox.Lease = TimeSpan.FromMinutes(2));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TikiVipPostgreSqlOptions>>().Value);

        Assert.Contains("TikiVip:PostgreSql:Outbox:Lease (00:02:00) must be longer than twice TikiVip:TotalTimeout (00:02:00)", ex.Message);
    }

    [PostgresFact]
    public void More_ipns_in_flight_than_connections_to_tiki_is_refused_at_start_up()
    {
        var services = Services(client: o => o.MaxConnectionsPerServer = 16, outbox: o => o.Outbox.MaxConcurrency = 32);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TikiVipPostgreSqlOptions>>().Value);

        Assert.Contains("TikiVip:PostgreSql:Outbox:MaxConcurrency (32) must not exceed TikiVip:MaxConnectionsPerServer (16)", ex.Message);
    }

    [PostgresFact]
    public async Task Entries_claimed_by_a_crashed_instance_are_delivered_after_their_lease()
    {
        var ids = Enumerable.Range(1, 3).Select(_ => _tiki.CreateTransaction(500)).ToList();
        foreach (var id in ids)
        {
            await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER", 500, TikiVipTransactionStatus.Success));
        }

        var stolen = (await _admin.GetRequiredService<PostgreSqlIpnOutbox>().PollAsync("crashed-instance", 32, withOldestPending: false, default)).Claimed;
        Assert.Equal(3, stolen.Count); // leased for 1 s, never settled: the instance "died"

        using var survivor = await StartInstanceAsync();
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered })).Entries).Count == 3);

        Assert.All(ids, id => Assert.Equal(1, _tiki.GetTransaction(id).AcceptedIpnCount));
    }

    [PostgresFact]
    public async Task An_ipn_answered_code_2_is_retried_in_later_rounds_and_then_looked_up_not_failed()
    {
        // Code 2 in an HTTP 200 answer is Tiki's "system error": retry, then look the transaction up.
        var id = _tiki.CreateTransaction(800);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER", 800, TikiVipTransactionStatus.Success));
        _tiki.AnswerNextIpnsWithSystemError(100);

        using var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 1, outbox: o => o.Outbox.MaxAttempts = 2);
        await Eventually.TrueAsync(async () => _tiki.Requests.Any(r => r.PathAndQuery.StartsWith("/transaction", StringComparison.Ordinal))
            && ((await Outbox.QueryAsync(new IpnOutboxQuery { Limit = 1000 })).Entries).Single(e => e.Id == entryId).TikiStatus is not null);
        var entry = ((await Outbox.QueryAsync(new IpnOutboxQuery { Limit = 1000 })).Entries).Single(e => e.Id == entryId);

        Assert.Equal(IpnOutboxState.Pending, entry.State); // looked up, and Tiki has it as PENDING: kept open, not failed
        Assert.Equal(TikiVipTransactionStatus.Pending, entry.TikiStatus);
        Assert.Contains("code 2 SystemError", entry.LastError);
        Assert.Equal(4, _tiki.Requests.Count(r => r.PathAndQuery.StartsWith("/payment/ipn", StringComparison.Ordinal))); // 2 rounds x (1 + 1 retry)
    }

    [PostgresFact]
    public async Task After_the_last_round_a_pending_transaction_is_looked_up_again_until_tiki_decides()
    {
        var id = _tiki.CreateTransaction(700);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER", 700, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(2);

        using var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 0, outbox: o => o.Outbox.MaxAttempts = 2);
        await Eventually.TrueAsync(async () => _tiki.Requests.Count(r => r.PathAndQuery.StartsWith("/transaction", StringComparison.Ordinal)) >= 2);
        var pending = ((await Outbox.QueryAsync(new IpnOutboxQuery { Limit = 1000 })).Entries).Single(e => e.Id == entryId);
        Assert.Equal(IpnOutboxState.Pending, pending.State); // PENDING is not an answer: the entry stays open
        Assert.Equal(TikiVipTransactionStatus.Pending, pending.TikiStatus);
        Assert.NotNull(pending.PendingAtTikiSince);

        // Tiki decides (here: the payment is recorded another way); the next lookup ends the entry.
        await using (var other = Services().BuildServiceProvider())
        {
            await other.GetRequiredService<ITikiVipClient>().SubmitIpnAsync(new IpnRequest(id, "ORDER", 700, TikiVipTransactionStatus.Success));
        }

        var entry = await WaitForFinalStateAsync(entryId);
        Assert.Equal(IpnOutboxState.ConfirmedByLookup, entry.State);
        Assert.Equal(TikiVipTransactionStatus.Success, entry.TikiStatus);
        Assert.Equal(2, _tiki.Requests.Count(r => r.PathAndQuery == "/payment/ipn" && r.StatusCode == 503)); // no IPN resent by the outbox
    }

    [PostgresFact]
    public async Task A_transaction_still_pending_after_the_horizon_fails_for_a_person()
    {
        var id = _tiki.CreateTransaction(710);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER", 710, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(1);

        using var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 0, outbox: o =>
        {
            o.Outbox.MaxAttempts = 1;
            o.Outbox.PendingHorizon = TimeSpan.FromMilliseconds(300);
        });
        var entry = await WaitForFinalStateAsync(entryId);

        Assert.Equal(IpnOutboxState.Failed, entry.State);
        Assert.Contains("still PENDING at Tiki after", entry.LastError);
        Assert.True(_tiki.Requests.Count(r => r.PathAndQuery.StartsWith("/transaction", StringComparison.Ordinal)) >= 2);
    }

    [PostgresFact]
    public async Task A_refusal_after_a_lost_round_is_confirmed_by_a_lookup_before_anyone_refunds()
    {
        // A fake Tiki that records the first IPN but answers too late, then refuses the retry with code 1.
        var tiki = new FakeTikiVipClient();
        var calls = 0;
        tiki.OnSubmitIpn = ipn => Interlocked.Increment(ref calls) == 1
            ? throw FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn)
            : throw TikiVipApiException.FromResultCode(TikiVipOperation.SubmitIpn, (int)TikiVipResultCode.InvalidRequest, "already recorded");
        tiki.OnGetTransaction = id => new TikiTransaction(id, "ORDER", TikiVipTransactionStatus.Success, 720);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest("T-LATE", "ORDER", 720, TikiVipTransactionStatus.Success));

        using var instance = await StartInstanceAsync(outbox: o => o.Outbox.MaxAttempts = 5, services: s => s.AddSingleton<ITikiVipClient>(tiki));
        var entry = await WaitForFinalStateAsync(entryId);

        Assert.Equal(IpnOutboxState.ConfirmedByLookup, entry.State);
        Assert.Equal(TikiVipTransactionStatus.Success, entry.TikiStatus);
        Assert.Equal(2, calls);
        Assert.Equal("T-LATE", Assert.Single(tiki.LookedUpTransactions));
    }

    [PostgresFact]
    public async Task Enqueueing_the_same_outcome_twice_makes_one_entry_and_one_ipn()
    {
        var id = _tiki.CreateTransaction(730);
        var ipn = new IpnRequest(id, "ORDER-730", 730, TikiVipTransactionStatus.Success);

        var first = await Outbox.EnqueueAsync(ipn);
        var again = await Outbox.EnqueueAsync(ipn); // the partner's own retry after a timeout
        long inTransaction;
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            inTransaction = await Outbox.EnqueueAsync(ipn, transaction);
            await transaction.CommitAsync();
        }

        var failure = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER-730", 730, TikiVipTransactionStatus.Failure));

        Assert.Equal(first, again);
        Assert.Equal(first, inTransaction);
        Assert.NotEqual(first, failure); // another outcome of the same transaction is another IPN
        var different = await Assert.ThrowsAsync<InvalidOperationException>(() => Outbox.EnqueueAsync(new IpnRequest(id, "ORDER-730", 999, TikiVipTransactionStatus.Success)));
        Assert.Contains("queued already", different.Message);
        Assert.Equal(2, ((await Outbox.QueryAsync(new IpnOutboxQuery())).Entries).Count);

        using var instance = await StartInstanceAsync();
        await WaitForFinalStateAsync(first);
        Assert.Equal(1, _tiki.Requests.Count(r => r.PathAndQuery == "/payment/ipn" && r.Body.Contains("\"SUCCESS\"", StringComparison.Ordinal)));
    }

    [PostgresFact]
    public async Task An_instance_delivers_up_to_its_concurrency_limit_at_once_and_never_more()
    {
        var tiki = new FakeTikiVipClient();
        int current = 0, highest = 0;
        using var full = new CountdownEvent(4);
        tiki.OnSubmitIpn = ipn =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref highest, now);
            if (!full.IsSet)
            {
                full.Signal(); // the first four calls wait for each other: Tiki answers only once four are in flight
                full.Wait(TimeSpan.FromSeconds(30));
            }

            Interlocked.Decrement(ref current);
            return new IpnResult(ipn.TransactionId, null, "success");
        };
        for (var i = 0; i < 24; i++)
        {
            await Outbox.EnqueueAsync(new IpnRequest($"T-C-{i}", $"ORDER-{i}", 1000, TikiVipTransactionStatus.Success));
        }

        using var instance = await StartInstanceAsync(outbox: o => o.Outbox.MaxConcurrency = 4, services: s => s.AddSingleton<ITikiVipClient>(tiki));
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered, Limit = 1000 })).Entries).Count == 24);

        Assert.Equal(4, highest); // reached, and never exceeded
        Assert.Equal(24, tiki.SubmittedIpns.Count);
    }

    [PostgresFact]
    public async Task A_hanging_call_holds_one_slot_and_every_other_ipn_is_delivered_meanwhile()
    {
        var tiki = new FakeTikiVipClient();
        using var hang = new ManualResetEventSlim();
        tiki.OnSubmitIpn = ipn =>
        {
            if (ipn.TikiTransactionId == "T-HANG")
            {
                hang.Wait(TimeSpan.FromSeconds(30)); // until the test lets it go (a call up to its timeout)
            }

            return new IpnResult(ipn.TransactionId, null, "success");
        };
        var hanging = await Outbox.EnqueueAsync(new IpnRequest("T-HANG", "ORDER-H", 1000, TikiVipTransactionStatus.Success));
        for (var i = 0; i < 10; i++)
        {
            await Outbox.EnqueueAsync(new IpnRequest($"T-H-{i}", $"ORDER-{i}", 1000, TikiVipTransactionStatus.Success));
        }

        using var instance = await StartInstanceAsync(outbox: o => o.Outbox.MaxConcurrency = 4, services: s => s.AddSingleton<ITikiVipClient>(tiki));
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered, Limit = 1000 })).Entries).Count == 10);

        Assert.Equal(IpnOutboxState.Pending, ((await Outbox.QueryAsync(new IpnOutboxQuery { Limit = 1000 })).Entries).Single(e => e.Id == hanging).State); // still in its call
        hang.Set();
        Assert.Equal(IpnOutboxState.Delivered, (await WaitForFinalStateAsync(hanging)).State);
    }

    [PostgresFact]
    public async Task A_commit_wakes_the_instance_at_once_and_a_rollback_does_not()
    {
        // Polling every 30 s: only the notification can deliver within the few seconds this test waits.
        using var instance = await StartInstanceAsync(outbox: o => o.Outbox.PollInterval = TimeSpan.FromSeconds(30));
        var service = instance.Services.GetServices<IHostedService>().OfType<IpnOutboxDeliveryService>().Single();
        await service.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        var paid = _tiki.CreateTransaction(760);

        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        {
            await using var rolledBack = await connection.BeginTransactionAsync();
            await Outbox.EnqueueAsync(new IpnRequest(paid, "ORDER-W", 760, TikiVipTransactionStatus.Success), rolledBack);
            await rolledBack.RollbackAsync();
        }

        // No pause to prove a negative: notifications arrive in commit order, so one from the rollback would come
        // before the commit's below, and the count would be 2.

        long id;
        var committedAt = System.Diagnostics.Stopwatch.StartNew();
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        {
            await using var committed = await connection.BeginTransactionAsync();
            id = await Outbox.EnqueueAsync(new IpnRequest(paid, "ORDER-W", 760, TikiVipTransactionStatus.Success), committed);
            await committed.CommitAsync();
        }

        Assert.Equal(IpnOutboxState.Delivered, (await WaitForFinalStateAsync(id)).State);
        Assert.True(committedAt.Elapsed < TimeSpan.FromSeconds(10), $"delivered {committedAt.Elapsed} after the commit: not woken");
        Assert.Equal(1, service.Notifications);
    }

    [PostgresFact]
    public async Task Two_instances_share_a_backlog_without_sending_any_ipn_twice()
    {
        var ids = Enumerable.Range(1, 60).Select(i => _tiki.CreateTransaction(2000 + i)).ToList();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await Outbox.EnqueueAsync(new IpnRequest(id, $"ORDER-{i}", 2001 + i, TikiVipTransactionStatus.Success));
        }

        _tiki.ResponseDelay = TimeSpan.FromMilliseconds(50);
        using var a = await StartInstanceAsync(outbox: o => o.Outbox.MaxConcurrency = 8);
        using var b = await StartInstanceAsync(outbox: o => o.Outbox.MaxConcurrency = 8);
        await Eventually.TrueAsync(async () => ((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered, Limit = 1000 })).Entries).Count == 60);
        await WaitUntilIdleAsync(a, b);

        Assert.Equal(60, _tiki.Requests.Count(r => r.PathAndQuery.StartsWith("/payment/ipn", StringComparison.Ordinal)));
        Assert.All(ids, id => Assert.Equal(1, _tiki.GetTransaction(id).AcceptedIpnCount));
        Assert.All(_tiki.Requests, r => Assert.True(r.SignatureValid));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [PostgresFact]
    public async Task Search_filters_and_paging_run_in_the_store_whatever_the_entrys_age()
    {
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        await using (var insert = new Npgsql.NpgsqlCommand($"""
            INSERT INTO "{_schema.Name}".ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at, state)
            SELECT 'T-OB-' || lpad(i::text, 4, '0'), 'P-OB-' || lpad(i::text, 4, '0'), 1000, 'SUCCESS', now(), now(), now(), CASE WHEN i % 10 = 0 THEN 3 ELSE 1 END
              FROM generate_series(1, 1000) AS i
            """, connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var byPartnerId = await Outbox.QueryAsync(new IpnOutboxQuery { TransactionId = "P-OB-0005" }); // among the oldest of 1,000
        var byTikiId = await Outbox.QueryAsync(new IpnOutboxQuery { TransactionId = "T-OB-0005" });
        var failed = await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed, Limit = 60 });
        var rest = await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed, Limit = 60, Before = failed.NextBefore });

        Assert.Equal("T-OB-0005", Assert.Single(byPartnerId.Entries).TikiTransactionId);
        Assert.Equal("P-OB-0005", Assert.Single(byTikiId.Entries).TransactionId);
        Assert.Equal(60, failed.Entries.Count);
        Assert.Equal("T-OB-1000", failed.Entries[0].TikiTransactionId); // newest first
        Assert.Equal(40, rest.Entries.Count);
        Assert.Null(rest.NextBefore);
        Assert.Empty(failed.Entries.Select(e => e.Id).Intersect(rest.Entries.Select(e => e.Id)));
        Assert.All(failed.Entries.Concat(rest.Entries), e => Assert.Equal(IpnOutboxState.Failed, e.State));
    }

    [PostgresFact]
    public async Task The_summary_counts_each_state_up_to_its_limit_and_says_where_it_stopped()
    {
        var queued = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        await using (var connection = await _schema.DataSource.OpenConnectionAsync())
        await using (var insert = new Npgsql.NpgsqlCommand($"""
            INSERT INTO "{_schema.Name}".ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at, state)
            SELECT 'T-SUM-' || i, 'P-SUM-' || i, 1000, 'SUCCESS', now(), @queued + i * interval '1 minute', now(),
                   CASE WHEN i <= 3 THEN 3 WHEN i <= 5 THEN 0 ELSE 1 END
              FROM generate_series(1, 10006) AS i
            """, connection))
        {
            insert.Parameters.AddWithValue("queued", queued);
            await insert.ExecuteNonQueryAsync();
        }

        var summary = await Outbox.GetSummaryAsync();

        Assert.Equal(10_000, summary.CountLimit);
        Assert.Equal(10_000, summary.Delivered); // 10,001 delivered: counting stopped
        Assert.True(summary.IsAtLeast(summary.Delivered));
        Assert.Equal((3L, 2L, 0L), (summary.Failed, summary.Pending, summary.ConfirmedByLookup)); // below the limit: exact
        Assert.False(summary.IsAtLeast(summary.Failed));
        Assert.Equal(queued.AddMinutes(4), summary.OldestPendingSince); // the first queued of the two pending
    }

    [PostgresFact]
    public async Task Two_concurrent_enqueues_of_one_outcome_make_one_entry()
    {
        var ipn = new IpnRequest("T-RACE", "ORDER-R", 740, TikiVipTransactionStatus.Success);

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Outbox.EnqueueAsync(ipn))));

        Assert.Single(ids.Distinct());
        Assert.Single((await Outbox.QueryAsync(new IpnOutboxQuery())).Entries);
    }

    [PostgresFact]
    public async Task An_ipn_tiki_refuses_fails_with_the_reason_and_no_lookup()
    {
        var entryId = await Outbox.EnqueueAsync(new IpnRequest("UNKNOWN-ID", "ORDER", 700, TikiVipTransactionStatus.Success));

        using var instance = await StartInstanceAsync();
        var entry = await WaitForFinalStateAsync(entryId);

        Assert.Equal(IpnOutboxState.Failed, entry.State);
        Assert.Contains("code 3 TransactionNotFound", entry.LastError);
        Assert.Contains("action RefundCustomer", entry.LastError);
        Assert.Single(_tiki.Requests);
    }

    [PostgresFact]
    public async Task An_ipn_tiki_could_not_be_reached_for_within_the_horizon_fails_and_a_requeue_delivers_it()
    {
        var id = _tiki.CreateTransaction(900);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER", 900, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(1); // one 503: the only failure, but the horizon has passed already

        using var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 0, outbox: o => o.Outbox.DeliveryHorizon = TimeSpan.FromMilliseconds(1));
        var failed = await WaitForFinalStateAsync(entryId);
        Assert.Equal(IpnOutboxState.Failed, failed.State);
        Assert.Contains("Tiki could not be reached for 00:00:00.0010000 since the IPN was queued", failed.LastError);
        Assert.Contains("HTTP 503", failed.LastError);
        Assert.Equal(TikiVipRecommendedAction.Retry, failed.RecommendedAction);
        Assert.Null(failed.RequeuedAt);

        Assert.True(await Outbox.RequeueAsync(entryId));
        var delivered = await WaitForFinalStateAsync(entryId);

        Assert.Equal(IpnOutboxState.Delivered, delivered.State);
        Assert.NotNull(delivered.RequeuedAt); // the horizon counts from the requeue
        Assert.False(await Outbox.RequeueAsync(entryId)); // only failed entries can be requeued
        Assert.Equal(TikiVipTransactionStatus.Success, _tiki.GetTransaction(id).Status);
    }

    [PostgresFact]
    public async Task Rounds_that_cannot_reach_tiki_never_end_an_ipn_before_the_horizon_even_past_the_last_round()
    {
        // Every IPN and lookup answered 503 for 11 requests: past the last round the lookups fail too.
        var id = _tiki.CreateTransaction(905);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER-905", 905, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(11); // round 1 the IPN, rounds 2-6 the IPN and the lookup; round 7 gets through

        using var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 0, outbox: o => o.Outbox.MaxAttempts = 2);
        var entry = await WaitForFinalStateAsync(entryId);

        Assert.Equal(IpnOutboxState.Delivered, entry.State); // not Failed after the rounds and the failed lookups
        Assert.True(_tiki.Requests.Count(r => r.PathAndQuery.StartsWith("/transaction", StringComparison.Ordinal) && r.StatusCode == 503) >= 2);
        Assert.Equal(TikiVipTransactionStatus.Success, _tiki.GetTransaction(id).Status);
    }

    [PostgresFact]
    public async Task Each_http_attempt_to_tiki_is_kept_with_its_entry_and_removed_with_it()
    {
        var id = _tiki.CreateTransaction(910);
        var entryId = await Outbox.EnqueueAsync(new IpnRequest(id, "ORDER-ATTEMPTS", 910, TikiVipTransactionStatus.Success));
        _tiki.FailNextRequests(3); // round 1: a try and its retry fail; round 2: the first try fails, the retry is accepted

        using (var instance = await StartInstanceAsync(client: o => o.Retry.MaxRetryAttempts = 1))
        {
            Assert.Equal(IpnOutboxState.Delivered, (await WaitForFinalStateAsync(entryId)).State);
        }

        var attempts = await Outbox.GetAttemptsAsync(entryId);

        Assert.Collection(attempts,
            first =>
            {
                Assert.Equal((1, 1, IpnOutboxAttemptKind.Ipn, false, 503), (first.Round, first.Try, first.Kind, first.Succeeded, first.HttpStatus));
                Assert.Equal("HTTP 503: retried", first.Result);
                Assert.Contains(Environment.MachineName, first.Instance);
                Assert.True(first.Duration >= TimeSpan.Zero && first.Duration < TimeSpan.FromSeconds(30));
            },
            retry =>
            {
                Assert.Equal((1, 2, false, 503), (retry.Round, retry.Try, retry.Succeeded, retry.HttpStatus));
                Assert.Contains("HTTP 503", retry.Result); // the call's outcome, on its last try
            },
            second => Assert.Equal((2, 1, false, 503), (second.Round, second.Try, second.Succeeded, second.HttpStatus)),
            accepted =>
            {
                Assert.Equal((2, 2, IpnOutboxAttemptKind.Ipn, true, 200), (accepted.Round, accepted.Try, accepted.Kind, accepted.Succeeded, accepted.HttpStatus));
                Assert.Equal("Tiki accepted the IPN", accepted.Result);
            });
        Assert.True(attempts.Zip(attempts.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
        Assert.Equal(4, _tiki.Requests.Count(r => r.PathAndQuery == "/payment/ipn")); // what Tiki saw is what is kept
        Assert.Equal("ORDER-ATTEMPTS", (await Outbox.FindAsync(entryId))!.TransactionId);
        Assert.Null(await Outbox.FindAsync(entryId + 1_000_000));

        // Whoever trims the outbox (a partner's own retention job) takes the entry's attempts with it.
        await _schema.ExecuteAsync($"DELETE FROM {{schema}}.ipn_outbox WHERE id = {entryId}");
        Assert.Empty(await Outbox.GetAttemptsAsync(entryId));
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.ipn_outbox_attempts"));
    }

    [PostgresFact]
    public async Task Failed_entries_are_counted_and_requeued_in_bulk_by_filter_except_tikis_final_refusals()
    {
        var unreachable = await SettledAsync("T-BULK-1", IpnOutboxState.Failed, TikiVipRecommendedAction.Retry);
        await SettledAsync("T-BULK-2", IpnOutboxState.Failed, TikiVipRecommendedAction.CheckCredentials);
        await SettledAsync("T-BULK-3", IpnOutboxState.Failed, TikiVipRecommendedAction.CheckCredentials);
        var refused = await SettledAsync("T-BULK-4", IpnOutboxState.Failed, TikiVipRecommendedAction.RefundCustomer);
        var failed = new IpnOutboxQuery { State = IpnOutboxState.Failed };

        Assert.Equal(4L, await Outbox.CountAsync(failed));
        Assert.Equal(2L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed, RecommendedAction = TikiVipRecommendedAction.CheckCredentials }));
        Assert.Equal(1L, await Outbox.CountAsync(new IpnOutboxQuery { TransactionId = "order-t-bulk-1" }));

        Assert.Equal(2, await Outbox.RequeueFailedAsync(new IpnOutboxQuery { RecommendedAction = TikiVipRecommendedAction.CheckCredentials }));
        Assert.Equal(0, await Outbox.RequeueFailedAsync(new IpnOutboxQuery { RecommendedAction = TikiVipRecommendedAction.RefundCustomer }));
        Assert.Equal(1, await Outbox.RequeueFailedAsync(new IpnOutboxQuery())); // the unreachable one; Tiki's refusal stays

        Assert.Equal(refused, Assert.Single((await Outbox.QueryAsync(failed)).Entries).Id);
        Assert.Equal(IpnOutboxState.Pending, (await Outbox.FindAsync(unreachable))!.State);
        Assert.Equal(0, (await Outbox.FindAsync(unreachable))!.Attempts);
        Assert.True(await Outbox.RequeueAsync(refused)); // one by one, a person may still send it again
    }

    [PostgresFact]
    public async Task A_bulk_requeue_sends_again_exactly_the_count_a_person_confirmed_or_nothing()
    {
        for (var i = 0; i < 5; i++)
        {
            await SettledAsync($"T-ATOM-{i}", IpnOutboxState.Failed, TikiVipRecommendedAction.Retry);
        }

        var failed = new IpnOutboxQuery { State = IpnOutboxState.Failed };
        var confirmed = await Outbox.CountAsync(failed); // what the confirmation showed
        await SettledAsync("T-ATOM-LATE", IpnOutboxState.Failed, TikiVipRecommendedAction.Retry); // fails before the click

        Assert.Equal(0L, await Outbox.RequeueFailedAsync(new IpnOutboxQuery(), confirmed)); // 6 match, 5 confirmed: nothing
        Assert.Equal(6L, await Outbox.CountAsync(failed));
        Assert.Equal(6L, await Outbox.RequeueFailedAsync(new IpnOutboxQuery(), 6));
        Assert.Equal(0L, await Outbox.CountAsync(failed));
        Assert.Equal(6L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Pending }));
        Assert.Equal(0L, await Outbox.RequeueFailedAsync(new IpnOutboxQuery(), 0)); // nothing confirmed, nothing done
    }

    [PostgresFact]
    public async Task Bulk_requeues_racing_new_failures_never_requeue_more_or_fewer_than_they_counted()
    {
        using var stop = new CancellationTokenSource();
        var failing = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // An IPN ending as failed, as a delivering instance settles one (written directly: no claim races the requeues).
                await _schema.ExecuteAsync($$"""
                    INSERT INTO {schema}.ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at, state, recommended_action)
                    VALUES ('T-RACE-{{i}}', 'P-RACE-{{i}}', 1000, 'SUCCESS', now(), now(), now(), 3, {{(short)TikiVipRecommendedAction.Retry}})
                    """);
            }
        });
        long requeuedInAll = 0;
        var refused = 0;
        for (var round = 0; round < 30; round++)
        {
            var confirmed = await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed });
            var requeued = await Outbox.RequeueFailedAsync(new IpnOutboxQuery(), confirmed);
            Assert.True(requeued == 0 || requeued == confirmed, $"{requeued} requeued for {confirmed} confirmed");
            requeuedInAll += requeued;
            refused += requeued == 0 && confirmed > 0 ? 1 : 0;
        }

        await stop.CancelAsync();
        await failing;

        Assert.Equal(requeuedInAll, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Pending })); // each requeued once, none extra
    }

    [PostgresFact]
    public async Task Settled_entries_older_than_the_retention_are_deleted_with_their_calls_and_failed_or_pending_ones_never()
    {
        var store = _admin.GetRequiredService<PostgreSqlIpnOutbox>();
        var oldDelivered = await SettledAsync("T-OLD-1", IpnOutboxState.Delivered);
        var oldConfirmed = await SettledAsync("T-OLD-2", IpnOutboxState.ConfirmedByLookup);
        var oldFailed = await SettledAsync("T-OLD-3", IpnOutboxState.Failed);
        var oldPending = await SettledAsync("T-OLD-4", IpnOutboxState.Pending);
        var recent = await SettledAsync("T-NEW-1", IpnOutboxState.Delivered);
        await _schema.ExecuteAsync($"UPDATE {{schema}}.ipn_outbox SET completed_at = now() - interval '91 days', created_at = now() - interval '91 days' WHERE id <> {recent}");

        Assert.Equal(2, await store.DeleteSettledAsync(TimeSpan.FromDays(90), default));

        Assert.Null(await Outbox.FindAsync(oldDelivered));
        Assert.Null(await Outbox.FindAsync(oldConfirmed));
        Assert.Empty(await Outbox.GetAttemptsAsync(oldDelivered));
        Assert.NotNull(await Outbox.FindAsync(oldFailed)); // needs a person: never deleted
        Assert.NotNull(await Outbox.FindAsync(oldPending)); // not delivered yet: never deleted
        Assert.Single(await Outbox.GetAttemptsAsync(recent));
        Assert.Equal(3L, await _schema.ScalarAsync<long>("SELECT count(*) FROM {schema}.ipn_outbox_attempts"));
    }

    [PostgresFact]
    public void A_retention_under_a_day_is_refused_at_start_up()
    {
        using var provider = Services(outbox: o => o.Outbox.Retention = TimeSpan.FromHours(2)).BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TikiVipPostgreSqlOptions>>().Value);

        Assert.Contains("TikiVip:PostgreSql:Outbox:Retention must be at least a day (or unset, to keep every entry); got 02:00:00", ex.Message);
    }

    /// <summary>Enqueues an IPN and settles its one round as <paramref name="state"/> (as the delivery service would), with the call it made.</summary>
    private async Task<long> SettledAsync(string tikiId, IpnOutboxState state, TikiVipRecommendedAction action = TikiVipRecommendedAction.Retry)
    {
        var store = _admin.GetRequiredService<PostgreSqlIpnOutbox>();
        var id = await Outbox.EnqueueAsync(new IpnRequest(tikiId, "ORDER-" + tikiId, 1000, TikiVipTransactionStatus.Success));
        Assert.Contains((await store.PollAsync("test", 100, withOldestPending: false, default)).Claimed, e => e.Id == id);
        IpnOutboxAttempt[] call = [new() { Round = 1, Kind = IpnOutboxAttemptKind.Ipn, At = TimeProvider.System.GetUtcNow(), Instance = "test", Result = "a call" }];
        await store.SettleAsync(id, "test", new OutboxSettlement(state, OutboxEvent.Failed)
        {
            Failure = state == IpnOutboxState.Failed ? new OutboxFailure("failed", 503, null, action) : null,
            TikiStatus = state == IpnOutboxState.ConfirmedByLookup ? TikiVipTransactionStatus.Success : null,
            RetryIn = TimeSpan.FromDays(1),
        }, call, default);
        return id;
    }

    private ServiceCollection Services(Action<TikiVipOptions>? client = null, Action<TikiVipPostgreSqlOptions>? outbox = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        Configure(services, client, outbox);
        return services;
    }

    private void Configure(IServiceCollection services, Action<TikiVipOptions>? client, Action<TikiVipPostgreSqlOptions>? outbox) =>
        services.AddTikiVip(o =>
            {
                _tiki.ConfigureClient(o);
                o.AttemptTimeout = TimeSpan.FromSeconds(1);
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
                client?.Invoke(o);
            })
            .UsePostgreSql(_schema.ConnectionString + ";Maximum Pool Size=10", o =>
            {
                o.Schema = _schema.Name;
                o.Outbox.PollInterval = TimeSpan.FromMilliseconds(50);
                o.Outbox.Backoff = TimeSpan.FromMilliseconds(10);
                o.Outbox.BatchSize = 5;
                outbox?.Invoke(o);
            });

    private async Task<IHost> StartInstanceAsync(Action<TikiVipOptions>? client = null, Action<TikiVipPostgreSqlOptions>? outbox = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        Configure(builder.Services, client, outbox);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<IpnOutboxEntry> WaitForFinalStateAsync(long id)
    {
        IpnOutboxEntry? entry = null;
        await Eventually.TrueAsync(async () =>
        {
            entry = ((await Outbox.QueryAsync(new IpnOutboxQuery { Limit = 1000 })).Entries).Single(e => e.Id == id);
            return entry.State != IpnOutboxState.Pending;
        });
        return entry!;
    }

    /// <summary>Until no instance has an IPN in flight: a duplicate being sent would be recorded by then.</summary>
    private static Task WaitUntilIdleAsync(params IHost[] hosts) =>
        Eventually.TrueAsync(() => Task.FromResult(hosts.All(h => h.Services.GetServices<IHostedService>().OfType<IpnOutboxDeliveryService>().Single().InFlight == 0)));
}
