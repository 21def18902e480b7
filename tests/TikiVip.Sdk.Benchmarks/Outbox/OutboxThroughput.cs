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

    public static async Task<int> RunAsync(string connectionString)
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

        await LightLoadAsync(connectionString);
        return failures == 0 ? 0 : 1;
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

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static ServiceProvider Provider(string connectionString, string schema, FakeTiki tiki, bool deliver, int concurrency)
    {
        var services = new ServiceCollection().AddLogging();
        Configure(services, connectionString, schema, tiki, deliver, concurrency);
        return services.BuildServiceProvider();
    }

    private static async Task<IHost> StartAsync(string connectionString, string schema, FakeTiki tiki, int concurrency)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        Configure(builder.Services, connectionString, schema, tiki, deliver: true, concurrency);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static void Configure(IServiceCollection services, string connectionString, string schema, FakeTiki tiki, bool deliver, int concurrency) =>
        services.AddTikiVip(o =>
            {
                o.ClientId = ClientId;
                o.ClientSecret = ClientSecret;
                o.BaseAddress = new Uri("http://tiki.invalid/miniapp/tikivip/");
            })
            .UsePostgreSql(connectionString, o =>
            {
                o.Schema = schema;
                o.DeliverOutbox = deliver;
                o.OutboxMaxConcurrency = concurrency;
                o.MigrateOnStartup = false;
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

    /// <summary>Tiki, in process: answers each IPN after the latency, checks its signature, and notes when it arrived.</summary>
    private sealed class FakeTiki(TimeSpan latency) : HttpMessageHandler
    {
        private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"code":0,"message":"success","data":{"transaction_id":"x"}}""");
        private readonly ConcurrentDictionary<string, byte> _seen = new();
        private int _received;
        private int _invalid;
        private int _duplicates;

        public ConcurrentDictionary<string, long> Enqueued { get; } = new();

        public ConcurrentBag<TimeSpan> Delays { get; } = [];

        public int InvalidSignatures => _invalid;

        public int Duplicates => _duplicates;

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
