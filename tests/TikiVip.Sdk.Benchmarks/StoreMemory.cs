using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// The heap the default in-memory idempotency store keeps for 100,000 completed refunds (what stays for the
/// retention period, so BenchmarkDotNet's per-operation allocation does not show it), next to the smallest naive
/// structure: the same ids in a <see cref="HashSet{T}"/> of strings. Run with <c>--store-memory</c>.
/// </summary>
internal static class StoreMemory
{
    public const int Ids = 100_000;

    public static void Run()
    {
        var ids = Enumerable.Range(0, Ids).Select(i => $"RF-20261121-{i:D8}-8A43B011").ToArray(); // Tiki-like, 29 chars
        const string Fingerprint = "5d41402abc4b2a76b9719d911017c592ae7cc2b8a5e0e4bb0f7b2b0e5a0f3a1c";

        var naive = Retained(() =>
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                set.Add(new string(id.AsSpan())); // a fresh string per request, as parsing a body gives
            }

            return set;
        });

        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o =>
            {
                o.ClientId = Credentials.ClientId;
                o.ClientSecret = Credentials.ClientSecret;
                o.Environment = TikiVipEnvironment.Sandbox;
                o.Refunds.IdempotencyCapacity = Ids;
            })
            .AddRefundHandler<NoOpRefundHandler>();
        using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IRefundIdempotencyStore>();
        var sdk = Retained(() =>
        {
            foreach (var id in ids)
            {
                var claim = store.TryClaimAsync(StoreClaims.Refund(new string(id.AsSpan())), Fingerprint, default).Result;
                store.CompleteAsync(claim, default).Wait();
            }

            return store;
        });

        Console.WriteLine($"{Ids:N0} completed refund ids, retained heap (GC.GetTotalMemory after a full collection):");
        Console.WriteLine($"  naive HashSet<string> of the ids: {Mb(naive)}");
        Console.WriteLine($"  SDK in-memory idempotency store:  {Mb(sdk)} ({(double)sdk / naive:F2}x; {sdk / Ids} B per id)");
    }

    private static long Retained(Func<object> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var kept = build();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        return after - before;
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F2", CultureInfo.InvariantCulture) + " MB";
}
