using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Benchmarks.Outbox;

/// <summary>
/// The IPN outbox measured end to end against a real PostgreSQL: N IPNs enqueued, then drained by one or two
/// delivering instances (hosts in this process) against an in-process fake Tiki that answers after a set latency
/// and checks every signature. Reports IPN/s, the enqueue-to-Tiki delay at light load, and database round trips
/// per IPN (Npgsql's own command activities). A dedicated runner rather than BenchmarkDotNet: each scenario is a
/// drain of seconds against a server, not a micro-operation.
/// </summary>
internal static class OutboxThroughput
{
    private const string ClientId = "bench-client";
    private const string ClientSecret = "bench-secret-bench-secret";

    /// <summary>Runs the scenarios named (<c>drain</c>, <c>light</c>, <c>outage</c>, <c>burst</c>), or all of them.</summary>
    public static async Task<int> RunAsync(string connectionString, string[] scenarios)
    {
        bool Runs(string name) => scenarios.Length == 0 || scenarios.Contains(name, StringComparer.OrdinalIgnoreCase);
        var failures = 0;
        if (Runs("drain"))
        {
            failures += await DrainAllAsync(connectionString);
        }

        if (scenarios.Contains("default", StringComparer.OrdinalIgnoreCase))
        {
            // The default case alone, three times: for comparing two builds.
            Console.WriteLine("| scenario | instances | Tiki latency | IPNs | IPN/s | DB round trips per IPN | invalid signatures |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (var i = 0; i < 3; i++)
            {
                failures += await DrainAsync(connectionString, "default", 1, 50, 3000, 32);
            }
        }

        if (Runs("light"))
        {
            await LightLoadAsync(connectionString);
        }

        if (Runs("outage"))
        {
            failures += await OutageAsync(connectionString);
        }

        if (Runs("burst"))
        {
            await EnqueueBurstAsync(connectionString);
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> DrainAllAsync(string connectionString)
    {
        Console.WriteLine("| scenario | instances | Tiki latency | IPNs | IPN/s | DB round trips per IPN | invalid signatures |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var failures = 0;
        foreach (var (name, instances, latency, count, concurrency) in new (string, int, int, int, int)[]
        {
            ("sequential (OutboxMaxConcurrency = 1)", 1, 50, 200, 1),
            ("default", 1, 0, 3000, 32),
            ("default", 2, 0, 3000, 32),
            ("OutboxMaxConcurrency = 8", 1, 50, 1500, 8),
            ("default", 1, 50, 3000, 32),
            ("OutboxMaxConcurrency = 64", 1, 50, 3000, 64),
            ("default", 2, 50, 3000, 32),
            ("default", 1, 500, 640, 32),
            ("default", 2, 500, 640, 32),
        })
        {
            failures += await DrainAsync(connectionString, name, instances, latency, count, concurrency);
        }

        return failures;
    }

    private static async Task<int> DrainAsync(string connectionString, string name, int instances, int latencyMs, int count, int concurrency)
    {
        var schema = "tikivip_bench_" + Guid.NewGuid().ToString("N")[..8];
        var tiki = new FakeTiki(TimeSpan.FromMilliseconds(latencyMs));
        await using var admin = Provider(connectionString, schema, tiki, deliver: false, concurrency);
        await admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var outbox = admin.GetRequiredService<IIpnOutbox>();
        for (var i = 0; i < count; i++)
        {
            await outbox.EnqueueAsync(new IpnRequest($"T-{i:D6}", $"ORDER-{i}", 100_000, TikiVipTransactionStatus.Success));
        }

        using var commands = new CommandCounter();
        var hosts = new List<IHost>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < instances; i++)
        {
            hosts.Add(await StartAsync(connectionString, schema, tiki, concurrency));
        }

        await tiki.WaitForAsync(count, TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        await WaitSettledAsync(outbox, count);
        var roundTrips = commands.Count;
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await DropAsync(connectionString, schema);
        var rate = count / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {instances} | {latencyMs} ms | {count} | {rate:F0} | {(double)roundTrips / count:F2} | {tiki.InvalidSignatures} |"));
        return tiki.InvalidSignatures == 0 && tiki.Duplicates == 0 ? 0 : 1;
    }

    /// <summary>One IPN every 200 ms, default settings, Tiki 50 ms away: how long from enqueue until Tiki has it.</summary>
    private static async Task LightLoadAsync(string connectionString)
    {
        var schema = "tikivip_bench_" + Guid.NewGuid().ToString("N")[..8];
        var tiki = new FakeTiki(TimeSpan.FromMilliseconds(50));
        await using var admin = Provider(connectionString, schema, tiki, deliver: false, 32);
        await admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var outbox = admin.GetRequiredService<IIpnOutbox>();
        using var host = await StartAsync(connectionString, schema, tiki, 32);
        await Task.Delay(1000); // listening

        const int Count = 50;
        for (var i = 0; i < Count; i++)
        {
            tiki.Enqueued[$"L-{i:D4}"] = Stopwatch.GetTimestamp();
            await outbox.EnqueueAsync(new IpnRequest($"L-{i:D4}", $"ORDER-{i}", 100_000, TikiVipTransactionStatus.Success));
            await Task.Delay(200);
        }

        await tiki.WaitForAsync(Count, TimeSpan.FromMinutes(1));
        await host.StopAsync();
        await DropAsync(connectionString, schema);
        var delays = tiki.Delays.Select(d => d.TotalMilliseconds).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Light load (one IPN every 200 ms, default settings, Tiki 50 ms away): from the enqueue call to Tiki receiving the IPN, p50 {Percentile(delays, 0.50):F0} ms, p99 {Percentile(delays, 0.99):F0} ms, max {delays[^1]:F0} ms over {delays.Length} IPNs."));
    }

    /// <summary>
    /// Tiki refuses every connection for a minute with 5,000 IPNs queued on two instances (default client retries,
    /// Outbox:Backoff 1 s, Outbox:MaxBackoff 10 s, Outbox:MaxProbeInterval 5 s: an hour's outage at 1/6 scale is the same shape), then answers
    /// 50 ms away: calls made during the outage, IPNs failed by it, how soon the first reaches Tiki and the drain rate.
    /// </summary>
    private static async Task<int> OutageAsync(string connectionString)
    {
        const int Count = 5000;
        var outage = TimeSpan.FromSeconds(60);
        var schema = "tikivip_bench_" + Guid.NewGuid().ToString("N")[..8];
        var tiki = new FakeTiki(TimeSpan.FromMilliseconds(50)) { Unreachable = true };
        await using var admin = Provider(connectionString, schema, tiki, deliver: false, 32);
        await admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var outbox = admin.GetRequiredService<IIpnOutbox>();
        for (var i = 0; i < Count; i++)
        {
            await outbox.EnqueueAsync(new IpnRequest($"O-{i:D6}", $"ORDER-{i}", 100_000, TikiVipTransactionStatus.Success));
        }

        var hosts = new List<IHost> { await StartAsync(connectionString, schema, tiki, 32, Outage), await StartAsync(connectionString, schema, tiki, 32, Outage) };
        await Task.Delay(outage);
        var callsDuringOutage = tiki.Calls;
        var failedByOutage = await outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Failed });

        var back = Stopwatch.StartNew();
        tiki.Unreachable = false;
        await tiki.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var first = back.Elapsed;
        await tiki.WaitForAsync(Count, TimeSpan.FromMinutes(2));
        var drained = back.Elapsed;
        var delivered = tiki.Received;
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await DropAsync(connectionString, schema);
        var rate = delivered <= 1 ? 0 : (delivered - 1) / (drained - first).TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Outage (2 instances, {Count} IPNs queued, Tiki refusing connections for {outage.TotalSeconds:F0} s, then 50 ms away): {callsDuringOutage} HTTP attempts to Tiki during the outage, {failedByOutage} IPNs failed by it; after it, the first IPN reached Tiki in {first.TotalSeconds:F1} s and {delivered} of {Count} were delivered at {rate:F0} IPN/s ({rate / 2:F0} per instance), duplicates {tiki.Duplicates}."));
        return tiki.Duplicates == 0 && tiki.InvalidSignatures == 0 ? 0 : 1;

        static void Outage(TikiVipPostgreSqlOptions o)
        {
            o.Outbox.Backoff = TimeSpan.FromSeconds(1);
            o.Outbox.MaxBackoff = TimeSpan.FromSeconds(10);
            o.Outbox.MaxProbeInterval = TimeSpan.FromSeconds(5);
        }
    }

    /// <summary>
    /// What a burst of enqueues costs a delivering instance beyond its deliveries: 10,000 IPNs enqueued by 8 writers
    /// while the instance's 32 slots are all held by calls Tiki does not answer, against the same burst with no
    /// delivering instance (the baseline, in the same run, alternating). Process CPU time, median of five bursts each.
    /// </summary>
    private static async Task EnqueueBurstAsync(string connectionString)
    {
        const int Count = 10_000;
        const int Runs = 5;
        var alone = new List<(TimeSpan Cpu, TimeSpan Wall)>();
        var delivering = new List<(TimeSpan Cpu, TimeSpan Wall)>();
        for (var run = 0; run < Runs; run++)
        {
            alone.Add(await BurstAsync(connectionString, Count, withInstance: false));
            delivering.Add(await BurstAsync(connectionString, Count, withInstance: true));
        }

        var baseCpu = alone.Select(r => r.Cpu.TotalMilliseconds).Order().ElementAt(Runs / 2);
        var withCpu = delivering.Select(r => r.Cpu.TotalMilliseconds).Order().ElementAt(Runs / 2);
        var wall = delivering.Select(r => r.Wall.TotalMilliseconds).Order().ElementAt(Runs / 2);
        var extra = Math.Max(0, withCpu - baseCpu);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Enqueue burst ({Count} IPNs by 8 writers in {wall:F0} ms, {Count / (wall / 1000):F0}/s; every slot of the delivering instance busy): process CPU {baseCpu:F0} ms without a delivering instance, {withCpu:F0} ms with one (ratio {withCpu / baseCpu:F2}); the delivering instance's share {extra:F0} ms = {extra / Count:F3} ms per enqueue, {extra / wall * 100:F1}% of a core during the burst."));
    }

    private static async Task<(TimeSpan Cpu, TimeSpan Wall)> BurstAsync(string connectionString, int count, bool withInstance)
    {
        var schema = "tikivip_bench_" + Guid.NewGuid().ToString("N")[..8];
        var tiki = new FakeTiki(TimeSpan.FromMinutes(10)); // every call hangs: the slots stay busy
        await using var admin = Provider(connectionString, schema, tiki, deliver: false, 32);
        await admin.GetRequiredService<TikiVipPostgreSqlMigrator>().MigrateAsync();
        var outbox = admin.GetRequiredService<IIpnOutbox>();
        IHost? host = null;
        if (withInstance)
        {
            for (var i = 0; i < 32; i++)
            {
                await outbox.EnqueueAsync(new IpnRequest($"H-{i:D6}", $"ORDER-H{i}", 100_000, TikiVipTransactionStatus.Success));
            }

            host = await StartAsync(connectionString, schema, tiki, 32);
            await tiki.WaitForArrivalsAsync(32, TimeSpan.FromSeconds(30)); // all 32 slots now hold a hanging call
        }

        await Task.Delay(500);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await outbox.EnqueueAsync(new IpnRequest($"B-{i:D6}", $"ORDER-B{i}", 100_000, TikiVipTransactionStatus.Success));
            }
        })));
        await Task.Delay(200); // the last notifications arrive
        var wall = clock.Elapsed - TimeSpan.FromMilliseconds(200);
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await DropAsync(connectionString, schema);
        return (used, wall);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static ServiceProvider Provider(string connectionString, string schema, FakeTiki tiki, bool deliver, int concurrency)
    {
        var services = new ServiceCollection().AddLogging();
        Configure(services, connectionString, schema, tiki, deliver, concurrency);
        return services.BuildServiceProvider();
    }

    private static async Task<IHost> StartAsync(string connectionString, string schema, FakeTiki tiki, int concurrency, Action<TikiVipPostgreSqlOptions>? outbox = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        Configure(builder.Services, connectionString, schema, tiki, deliver: true, concurrency, outbox);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void Configure(IServiceCollection services, string connectionString, string schema, FakeTiki tiki, bool deliver, int concurrency, Action<TikiVipPostgreSqlOptions>? outbox = null) =>
        services.AddTikiVip(o =>
            {
                o.ClientId = ClientId;
                o.ClientSecret = ClientSecret;
                o.BaseAddress = new Uri("http://tiki.invalid/miniapp/tikivip/");
            })
            .UsePostgreSql(connectionString, o =>
            {
                o.Schema = schema;
                o.Outbox.Deliver = deliver;
                o.Outbox.MaxConcurrency = concurrency;
                o.MigrateOnStartup = false;
                outbox?.Invoke(o);
            })
            .HttpClientBuilder.ConfigurePrimaryHttpMessageHandler(() => tiki);

    private static async Task WaitSettledAsync(IIpnOutbox outbox, int count)
    {
        for (var i = 0; i < 600 && await outbox.CountAsync(new IpnOutboxQuery { State = IpnOutboxState.Delivered }) < count; i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task DropAsync(string connectionString, string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Counts the commands Npgsql sends (its activities), from every data source in this process.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public CommandCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = _ => Interlocked.Increment(ref _count),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>
    /// Tiki, in process: answers each IPN after the latency, checks its signature, and notes when it arrived; while
    /// <see cref="Unreachable"/>, refuses every connection (each attempt counted).
    /// </summary>
    private sealed class FakeTiki(TimeSpan latency) : HttpMessageHandler
    {
        private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"code":0,"message":"success","data":{"transaction_id":"x"}}""");
        private readonly ConcurrentDictionary<string, byte> _seen = new();
        private int _received;
        private int _arrived;
        private int _calls;
        private int _invalid;
        private int _duplicates;

        public ConcurrentDictionary<string, long> Enqueued { get; } = new();

        public ConcurrentBag<TimeSpan> Delays { get; } = [];

        public int InvalidSignatures => _invalid;

        public int Duplicates => _duplicates;

        public volatile bool Unreachable;

        /// <summary>Every HTTP attempt that reached this Tiki, refused or answered.</summary>
        public int Calls => Volatile.Read(ref _calls);

        public int Received => Volatile.Read(ref _received);

        public async Task WaitForArrivalsAsync(int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref _arrived) < count && clock.Elapsed < timeout)
            {
                await Task.Delay(5);
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (Volatile.Read(ref _received) < count && clock.Elapsed < timeout)
            {
                await Task.Delay(5);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var arrived = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _calls);
            if (Unreachable)
            {
                throw new HttpRequestException("Connection refused");
            }

            Interlocked.Increment(ref _arrived);
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var timestamp = long.Parse(request.Headers.GetValues(TikiVipHeaders.Timestamp).Single(), CultureInfo.InvariantCulture);
            if (!TikiVipSignature.Verify(request.Headers.GetValues(TikiVipHeaders.Signature).Single(), timestamp, ClientId, body, ClientSecret))
            {
                Interlocked.Increment(ref _invalid);
            }

            var id = JsonDocument.Parse(body).RootElement.GetProperty("tiki_transaction_id").GetString()!;
            if (Enqueued.TryGetValue(id, out var enqueued))
            {
                Delays.Add(Stopwatch.GetElapsedTime(enqueued, arrived));
            }

            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken);
            }

            if (!_seen.TryAdd(id, 0))
            {
                Interlocked.Increment(ref _duplicates);
            }

            Interlocked.Increment(ref _received);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Answer), RequestMessage = request };
        }
    }
}
