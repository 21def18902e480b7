using BenchmarkDotNet.Attributes;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// A day of 1,000,000 transactions reconciled as the daily job does it: the partner's records against Tiki's file
/// read through its layout, in both meanings of Tiki's file. Rows per second is the rows read on both sides / Mean.
/// Baseline: the matcher alone, with Tiki's side already in memory. Sides are shuffled and sorted on disk in runs of
/// 100,000, so the allocations show memory staying flat in the row count.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(3)]
public class MatcherBenchmarks
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));

    /// <summary>Tiki's exceptions file in an agreed layout of its own: semicolons, Vietnamese headers, a verdict and a reason.</summary>
    private static readonly ReconciliationFileLayout ExceptionsLayout = new()
    {
        Delimiter = ";",
        Columns =
        [
            new() { Name = "Mã giao dịch Tiki", Field = ReconciliationField.TikiTransactionId },
            new() { Name = "Mã đơn hàng", Field = ReconciliationField.TransactionId },
            new() { Name = "Số tiền", Field = ReconciliationField.Amount },
            new() { Name = "Trạng thái", Field = ReconciliationField.Status },
            new() { Name = "Kết quả", Field = ReconciliationField.Result },
            new() { Name = "Lý do", Field = ReconciliationField.Reason },
        ],
    };

    private ReconciliationRecord[] _partner = [];
    private ReconciliationFileRow[] _tikiRows = [];
    private byte[] _tikiFullDay = [];
    private byte[] _tikiExceptions = [];

    [Params(1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Each side in an order of its own, its values allocated in that order, as rows read from a database or a
        // file are.
        var random = new Random(21);
        _partner = [.. Enumerable.Range(0, Rows).OrderBy(_ => random.Next()).Select(Record)];
        var tiki = Enumerable.Range(0, Rows).OrderBy(_ => random.Next()).Select(Record).ToArray();
        _tikiRows = [.. tiki.Select(r => new ReconciliationFileRow
        {
            TikiTransactionId = r.TikiTransactionId, TransactionId = r.TransactionId, Amount = r.Amount, Status = r.Status, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
        })];
        _tikiFullDay = WriteAsync(new ReconciliationFileLayout(), tiki).GetAwaiter().GetResult();

        // One transaction in a hundred listed as wrong, with Tiki's verdict and reason.
        var listed = tiki.Where((_, i) => i % 100 == 0).ToArray();
        using var text = new StringWriter { NewLine = "\r\n" };
        text.WriteLine(string.Join(';', ExceptionsLayout.Columns.Select(c => c.Name)));
        foreach (var row in listed)
        {
            text.WriteLine($"{row.TikiTransactionId};{row.TransactionId};{row.Amount + 1};SUCCESS;NOT_MATCHED;Sai số tiền");
        }

        _tikiExceptions = System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(Baseline = true, Description = "FullDay, matcher alone (Tiki's side in memory)")]
    public Task<long> FullDayInMemory() => MatchAsync(ReconciliationMatchMode.FullDay, AsAsync(_tikiRows));

    [Benchmark(Description = "FullDay, Tiki's file read (1M rows, standard layout)")]
    public Task<long> FullDayFromFile() => MatchAsync(ReconciliationMatchMode.FullDay, ReconciliationFileReader.ReadAsync(new MemoryStream(_tikiFullDay)));

    [Benchmark(Description = "Exceptions, Tiki's file read (10k rows listed, agreed layout)")]
    public Task<long> ExceptionsFromFile() => MatchAsync(ReconciliationMatchMode.Exceptions, ReconciliationFileReader.ReadAsync(new MemoryStream(_tikiExceptions), ExceptionsLayout));

    private static ReconciliationRecord Record(int i) => new()
    {
        TikiTransactionId = $"261121TIKIVIP-{235784371 + i}-1795316501",
        TransactionId = $"ORDER-{i:D8}",
        Amount = 100_000 + (i % 1000),
        Status = TikiVipTransactionStatus.Success,
        CreatedAt = Noon,
        UpdatedAt = Noon,
    };

    private async Task<long> MatchAsync(ReconciliationMatchMode mode, IAsyncEnumerable<ReconciliationFileRow> tiki)
    {
        var summary = await new ReconciliationMatcher(mode).MatchAsync(AsAsync(_partner), tiki, static (_, _) => default);
        return summary.Matched + summary.Mismatches;
    }

    private static async Task<byte[]> WriteAsync(ReconciliationFileLayout layout, ReconciliationRecord[] records)
    {
        var directory = Directory.CreateTempSubdirectory("tikivip-bench-");
        try
        {
            var result = await new ReconciliationFileWriter(new ReconciliationOptions { PartnerName = "ACME", Date = new DateOnly(2026, 11, 21), Layout = layout })
                .WriteAsync(records, new ReconciliationDirectorySink(directory.FullName));
            using var all = new MemoryStream();
            foreach (var (file, index) in result.Files.Select((f, i) => (f, i)))
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, file.Name));
                // The day's files as one: every header after the first is dropped.
                var skip = index == 0 ? 0 : Array.IndexOf(bytes, (byte)'\n') + 1;
                all.Write(bytes, skip, bytes.Length - skip);
            }

            return all.ToArray();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async IAsyncEnumerable<T> AsAsync<T>(T[] items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}
