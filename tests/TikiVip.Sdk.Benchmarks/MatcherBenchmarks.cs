using BenchmarkDotNet.Attributes;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// The matcher over two shuffled sides of the same day (1,000,000 x 1,000,000 rows), sorted on disk in runs of
/// 100,000: rows per second is Rows x 2 / Mean; the allocations show memory staying flat in the row count.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
public class MatcherBenchmarks
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));
    private ReconciliationRecord[] _partner = [];
    private ReconciliationRecord[] _tiki = [];

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(21);
        _partner = Enumerable.Range(0, Rows).Select(i => new ReconciliationRecord
        {
            TikiTransactionId = $"261121TIKIVIP-{235784371 + i}-1795316501",
            TransactionId = $"ORDER-{i:D8}",
            Amount = 100_000 + (i % 1000),
            Status = TikiVipTransactionStatus.Success,
            CreatedAt = Noon,
            UpdatedAt = Noon,
        }).OrderBy(_ => random.Next()).ToArray();
        _tiki = _partner.OrderBy(_ => random.Next()).ToArray();
    }

    [Benchmark(Description = "ReconciliationMatcher, two shuffled sides")]
    public async Task<long> Match()
    {
        var summary = await new ReconciliationMatcher().MatchAsync(Async(_partner), Async(_tiki), static (_, _) => default);
        return summary.Matched;
    }

    private static async IAsyncEnumerable<ReconciliationRecord> Async(ReconciliationRecord[] records)
    {
        foreach (var record in records)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }
}
