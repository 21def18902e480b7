using BenchmarkDotNet.Attributes;
using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// The reconciliation writer streaming to a null stream. Rows come from a fixed pool of 1,000 records, so the
/// allocations reported are the writer's own: flat memory means the same bytes for 1M and 5M rows.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
public class ReconciliationBenchmarks
{
    private static readonly DateOnly Day = new(2026, 11, 21);
    private ReconciliationRecord[] _pool = [];

    [Params(1_000_000, 5_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pool = Pool();
    }

    [Benchmark(Description = "ReconciliationFileWriter to a null stream")]
    public async Task<long> Write()
    {
        var writer = new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = Day });
        var result = await writer.WriteAsync(Records(), NullSink.Instance);
        return result.TotalRows;
    }

    /// <summary>1,000 distinct records of 2026-11-21 the writer benchmarks cycle through.</summary>
    internal static ReconciliationRecord[] Pool()
    {
        var start = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.FromHours(7));
        return Enumerable.Range(0, 1000).Select(i => new ReconciliationRecord
        {
            TikiTransactionId = $"261121TIKIVIP-{235784371 + i}-1795316501",
            TransactionId = Guid.NewGuid().ToString().ToUpperInvariant(),
            Amount = 100_000 + i,
            Status = (TikiVipTransactionStatus)(1 + (i % 3)),
            CreatedAt = start.AddSeconds(i * 80),
            UpdatedAt = start.AddSeconds((i * 80) + 30),
        }).ToArray();
    }

    private IEnumerable<ReconciliationRecord> Records()
    {
        for (var i = 0; i < Rows; i++)
        {
            yield return _pool[i % _pool.Length];
        }
    }

    private sealed class NullSink : IReconciliationFileSink, IReconciliationFileSet
    {
        public static readonly NullSink Instance = new();

        public ValueTask<IReconciliationFileSet> BeginAsync(string setName, CancellationToken cancellationToken) => new(this);

        public ValueTask<Stream> CreateAsync(string fileName, CancellationToken cancellationToken) => new(Stream.Null);

        public ValueTask PublishAsync(CancellationToken cancellationToken) => default;

        public ValueTask DisposeAsync() => default;
    }
}
