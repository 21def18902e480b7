using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Health;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.Testing;
using Xunit.Abstractions;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>
/// The outbox through long Tiki outages, on a real PostgreSQL with a fake clock: every step of the clock waits
/// until each instance has looked at the outbox and started waiting again (its own signal), never a sleep.
/// </summary>
public sealed class IpnOutboxOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxProbeInterval = TimeSpan.FromSeconds(30); // the default
    private readonly PostgresSchema _schema = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero));
    private readonly List<IHost> _hosts = [];
    private ServiceProvider _admin = null!;

    private IIpnOutbox Outbox => _admin.GetRequiredService<IIpnOutbox>();

    public async Task InitializeAsync()
    {
        await _schema.InitializeAsync();
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        var services = new ServiceCollection().AddLogging();
        Configure(services, new FakeTikiVipClient(), deliver: false, concurrency: 32);
        _admin = services.BuildServiceProvider();
        await _admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(TimeSpan.FromSeconds(10));
            host.Dispose();
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task An_hour_long_outage_with_1000_queued_ipns_fails_none_costs_calls_independent_of_the_backlog_and_all_are_delivered_after()
    {
        var tiki = new ScriptedTiki();
        await QueueAsync(999, refusedForGood: "T-REFUSED");
        var outageStart = _clock.GetUtcNow();
        var instances = new[] { await StartAsync(tiki), await StartAsync(tiki) };
        await SettleAsync(instances);

        // An hour of Tiki refusing every connection, in steps of the poll interval.
        while (_clock.GetUtcNow() - outageStart < TimeSpan.FromHours(1))
        {
            await StepAsync(instances, PollInterval);
            if (_clock.GetUtcNow() - outageStart == TimeSpan.FromMinutes(30))
            {
                var summary = await Outbox.GetSummaryAsync();
                Assert.Equal(outageStart, summary.TikiUnreachableSince);
                Assert.Equal((1000L, 0L), (summary.Pending, summary.Failed));
                var health = await new TikiVipOutboxHealthCheck(_admin.GetRequiredService<PostgreSqlIpnOutbox>(), _clock, TimeSpan.FromHours(2))
                    .CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("tikivip-outbox", _ => null!, HealthStatus.Unhealthy, null) });
                Assert.Equal(HealthStatus.Degraded, health.Status);
                Assert.StartsWith("Tiki is unreachable since 2026-12-05 01:00:00Z: 1000 IPN(s) wait", health.Description, StringComparison.Ordinal);
                Assert.All(instances, i => Assert.Equal(outageStart, i.TikiUnreachableSince));
            }
        }

        var duringOutage = tiki.Calls;
        output.WriteLine($"Calls to Tiki during a 1-hour outage with 1,000 IPNs queued on 2 instances: {duringOutage} ({tiki.Probes} after the first minute, at most {tiki.MostInFlight} at once)");
        // The first claims, then one probe at a time, at most MaxProbeInterval apart: about 120 an hour, whatever the backlog.
        Assert.InRange(tiki.Probes, 110, 120);
        Assert.True(duringOutage <= (2 * 32) + 125, $"{duringOutage} calls during the outage");
        Assert.Equal(1, tiki.MostInFlight); // never two probes at once, on either instance
        Assert.Equal(0L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed }));

        // Tiki is back (just after a probe failed, the worst moment): the next probe gets through within the probe cap
        // and a poll (this client makes no retry delays), then everything drains.
        tiki.Reachable = true;
        var back = _clock.GetUtcNow();
        while (await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered }) == 0)
        {
            Assert.True(_clock.GetUtcNow() - back <= MaxProbeInterval + PollInterval, "no IPN reached Tiki within the probe cap and a poll interval after it came back");
            await StepAsync(instances, PollInterval);
        }

        var firstDelivered = _clock.GetUtcNow() - back;
        for (var step = 0; step < 3 && await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Pending }) > 0; step++)
        {
            await StepAsync(instances, PollInterval);
        }

        output.WriteLine($"First IPN delivered {firstDelivered} after Tiki came back; drained by {_clock.GetUtcNow() - back}.");
        Assert.Equal(0L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Pending }));
        Assert.Equal(999L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered }));
        Assert.Null((await Outbox.GetSummaryAsync()).TikiUnreachableSince);
        Assert.Equal(999, tiki.Accepted.Count);
        Assert.All(tiki.Accepted.Values, times => Assert.Equal(1, times)); // each once
        Assert.All(instances, i => Assert.Null(i.TikiUnreachableSince));

        // Tiki's refusal for good still goes to a person at once, confirmed by the lookup, not retried.
        var refused = Assert.Single((await Outbox.QueryAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed })).Entries);
        Assert.Equal("T-REFUSED", refused.TikiTransactionId);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, refused.RecommendedAction);
    }

    [PostgresFact]
    public async Task A_probe_that_hangs_longer_than_the_probe_cap_holds_the_right_until_its_round_settles()
    {
        var tiki = new ScriptedTiki();
        await QueueAsync(19, refusedForGood: "T-REFUSED");
        var instances = new[] { await StartAsync(tiki), await StartAsync(tiki) };
        await SettleAsync(instances);
        for (var step = 0; step < 24 || instances.Any(i => i.TikiUnreachableSince is null); step++)
        {
            await StepAsync(instances, PollInterval); // two minutes of probes that fail at once
        }

        // The next probe hangs, as a call to a Tiki that accepts connections but never answers does.
        using var release = new ManualResetEventSlim();
        tiki.Hold = _ => release.Wait(TimeSpan.FromMinutes(1));
        var calls = tiki.Calls;
        while (tiki.Calls == calls)
        {
            await LookAsync(instances, PollInterval);
        }

        // Ten minutes pass (twenty probe caps, past the 3-minute lease it renews): both instances keep looking, nobody probes again.
        for (var step = 0; step < 120; step++)
        {
            await LookAsync(instances, PollInterval);
        }

        Assert.Equal(calls + 1, tiki.Calls);
        Assert.Equal(1, instances.Sum(i => i.InFlight));

        // The probe's round settles (Tiki still unreachable): the next probe comes a probe cap later, not before.
        tiki.Hold = null;
        release.Set();
        await Eventually.TrueAsync(() => instances.All(i => i.InFlight == 0));
        var settled = _clock.GetUtcNow();
        while (tiki.Calls == calls + 1)
        {
            await StepAsync(instances, PollInterval);
        }

        Assert.InRange(_clock.GetUtcNow() - settled, MaxProbeInterval, MaxProbeInterval + PollInterval);
        Assert.Equal(1, tiki.MostInFlight);
        Assert.Equal(0L, await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed }));
    }

    [PostgresFact]
    public async Task While_every_slot_is_busy_a_burst_of_enqueues_wakes_the_instance_not_once()
    {
        var tiki = new ScriptedTiki { Reachable = true };
        using var release = new ManualResetEventSlim();
        tiki.Hold = ipn => ipn.TikiTransactionId == "T-SLOW" && !release.Wait(TimeSpan.FromSeconds(30));
        var instance = await StartAsync(tiki, concurrency: 1);
        await SettleAsync([instance]);
        await Outbox.EnqueueAsync(new IpnRequest("T-SLOW", "P-SLOW", 1000, TikiVipTransactionStatus.Success));
        await Eventually.TrueAsync(() => instance.InFlight == 1);
        var wakeUps = instance.WakeUps;
        var notified = instance.Notifications;

        for (var i = 0; i < 200; i++)
        {
            await Outbox.EnqueueAsync(new IpnRequest($"T-BURST-{i}", $"P-BURST-{i}", 1000, TikiVipTransactionStatus.Success));
        }

        await Eventually.TrueAsync(() => instance.Notifications == notified + 200);
        Assert.Equal(wakeUps, instance.WakeUps); // 200 notifications, no wake-up: the freed slot will look

        release.Set();
        await Eventually.TrueAsync(async () => await Outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered }) == 201);
        Assert.Equal(201, tiki.Accepted.Count);
    }

    /// <summary>Tiki as the outage scenario scripts it: unreachable until told otherwise; one transaction it has never heard of.</summary>
    private sealed class ScriptedTiki
    {
        private readonly object _gate = new();
        private int _calls;
        private int _probes;
        private int _inFlight;
        private int _mostInFlight;
        private DateTimeOffset? _firstCall;

        public volatile bool Reachable;

        public Func<IpnRequest, bool>? Hold { get; set; }

        public System.Collections.Concurrent.ConcurrentDictionary<string, int> Accepted { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Calls made more than a minute after the first: the probes (the first claims all fail at once).</summary>
        public int Probes => Volatile.Read(ref _probes);

        /// <summary>The most probes in flight at once, across every instance.</summary>
        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public FakeTikiVipClient Client(TimeProvider clock) => new()
        {
            OnSubmitIpn = ipn =>
            {
                var probing = Count(clock);
                try
                {
                    Hold?.Invoke(ipn);
                }
                finally
                {
                    if (probing)
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }
                }

                if (!Reachable)
                {
                    throw FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn);
                }

                if (ipn.TikiTransactionId == "T-REFUSED")
                {
                    throw TikiVipApiException.FromResultCode(TikiVipOperation.SubmitIpn, (int)TikiVipResultCode.TransactionNotFound, "no such transaction");
                }

                Accepted.AddOrUpdate(ipn.TikiTransactionId, 1, (_, n) => n + 1);
                return new IpnResult(ipn.TransactionId, null, "success");
            },
            OnGetTransaction = id =>
            {
                if (Count(clock))
                {
                    Interlocked.Decrement(ref _inFlight);
                }

                return !Reachable ? throw FakeTikiVipClient.Unreachable(TikiVipOperation.GetTransaction)
                    : id == "T-REFUSED" ? throw TikiVipApiException.FromResultCode(TikiVipOperation.GetTransaction, (int)TikiVipResultCode.TransactionNotFound, "no such transaction")
                    : new TikiTransaction(id, "P", TikiVipTransactionStatus.Pending, 1000);
            },
        };

        /// <summary>Counts a call; returns whether it is a probe, then counted in flight until the caller says it ended.</summary>
        private bool Count(TimeProvider clock)
        {
            Interlocked.Increment(ref _calls);
            lock (_gate)
            {
                _firstCall ??= clock.GetUtcNow();
                if (Reachable || clock.GetUtcNow() - _firstCall <= TimeSpan.FromMinutes(1))
                {
                    return false;
                }

                _probes++;
                _mostInFlight = Math.Max(_mostInFlight, ++_inFlight);
                return true;
            }
        }
    }

    /// <summary>Queues the IPNs in one statement, as of the fake clock's now.</summary>
    private async Task QueueAsync(int count, string refusedForGood)
    {
        var now = _clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await _schema.ExecuteAsync($$"""
            INSERT INTO {schema}.ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at)
            VALUES ('{{refusedForGood}}', 'P-REFUSED', 1000, 'SUCCESS', '{{now}}', '{{now}}', '{{now}}');
            INSERT INTO {schema}.ipn_outbox (tiki_transaction_id, transaction_id, amount, status, next_attempt_at, created_at, updated_at)
            SELECT 'T-OUT-' || i, 'P-OUT-' || i, 1000, 'SUCCESS', '{{now}}', '{{now}}', '{{now}}'
              FROM generate_series(1, {{count}}) AS i;
            """);
    }

    /// <summary>Moves the clock, then waits until every instance has looked at the outbox and waits again, nothing in flight.</summary>
    private async Task StepAsync(IReadOnlyList<IpnOutboxDeliveryService> instances, TimeSpan by)
    {
        var waits = instances.Select(i => i.Waits).ToArray();
        _clock.Advance(by);
        await Eventually.TrueAsync(() => instances.Select((instance, n) => instance.Waits > waits[n] && instance.InFlight == 0).All(idle => idle));
    }

    /// <summary>Moves the clock, then waits until every instance has looked at the outbox and waits again (a call may still be in flight).</summary>
    private async Task LookAsync(IReadOnlyList<IpnOutboxDeliveryService> instances, TimeSpan by)
    {
        var waits = instances.Select(i => i.Waits).ToArray();
        _clock.Advance(by);
        await Eventually.TrueAsync(() => instances.Select((instance, n) => instance.Waits > waits[n]).All(looked => looked));
    }

    private static Task SettleAsync(IReadOnlyList<IpnOutboxDeliveryService> instances) =>
        Eventually.TrueAsync(() => instances.All(i => i.Waits > 0 && i.InFlight == 0));

    private async Task<IpnOutboxDeliveryService> StartAsync(ScriptedTiki tiki, int concurrency = 32)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        Configure(builder.Services, tiki.Client(_clock), deliver: true, concurrency);
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host.Services.GetServices<IHostedService>().OfType<IpnOutboxDeliveryService>().Single();
    }

    private void Configure(IServiceCollection services, FakeTikiVipClient client, bool deliver, int concurrency)
    {
        services.AddTikiVip(o =>
            {
                o.ClientId = "outage-client";
                o.ClientSecret = "outage-secret-outage-secret-0123";
                o.BaseAddress = new Uri("http://tiki.invalid/");
            })
            .UsePostgreSql(_schema.ConnectionString + ";Maximum Pool Size=10", o =>
            {
                o.Schema = _schema.Name;
                o.MigrateOnStartup = false;
                o.Outbox.Deliver = deliver;
                o.Outbox.PollInterval = PollInterval;
                o.Outbox.MaxBackoff = MaxBackoff;
                o.Outbox.MaxConcurrency = concurrency;
            });
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<ITikiVipClient>(client);
    }
}
