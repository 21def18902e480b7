using System.Text;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation.Tests.Matching;

/// <summary>Comparing a day's records with Tiki's file of the day, transaction by transaction.</summary>
public sealed class ReconciliationMatcherTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(7));
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "tikivip-match-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }

    [Fact]
    public async Task Every_kind_of_difference_is_reported_once_in_id_order()
    {
        ReconciliationRecord[] partner = [R("A", 100), R("B", 200), R("C", 300, TikiVipTransactionStatus.Failure), R("E", 500), R("F", 600, TikiVipTransactionStatus.Pending)];
        ReconciliationRecord[] tiki = [R("F", 650), R("D", 400), R("C", 300), R("B", 250), R("A", 100)];
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(temporaryDirectory: _temp).MatchAsync(Async(partner), Async(tiki), Collect(found));

        Assert.Equal(["B", "C", "D", "E", "F"], found.Select(m => m.TikiTransactionId));
        Assert.Equal(ReconciliationDifference.AmountDiffers, found[0].Difference);
        Assert.Equal((200L, 250L), (found[0].PartnerAmount!.Value, found[0].TikiAmount!.Value));
        Assert.Equal(ReconciliationDifference.StatusDiffers, found[1].Difference);
        Assert.Equal(ReconciliationDifference.MissingAtPartner, found[2].Difference);
        Assert.Equal(ReconciliationDifference.MissingAtTiki, found[3].Difference);
        Assert.Equal(ReconciliationDifference.AmountDiffers | ReconciliationDifference.StatusDiffers, found[4].Difference);
        Assert.Equal((5L, 5L, 1L, 1L, 1L, 2L, 2L), (summary.PartnerRows, summary.TikiRows, summary.Matched, summary.MissingAtTiki, summary.MissingAtPartner, summary.AmountDiffers, summary.StatusDiffers));
        Assert.False(summary.IsClean);
    }

    [Fact]
    public async Task Identical_sides_in_different_orders_are_clean()
    {
        var rows = Enumerable.Range(1, 3_000).Select(i => R($"T{i:D6}", i)).ToArray();

        var summary = await new ReconciliationMatcher(runSize: 1_000, temporaryDirectory: _temp).MatchAsync(
            Async(rows), Async(rows.Reverse()), static (_, _) => throw new InvalidOperationException("no mismatch expected"));

        Assert.True(summary.IsClean);
        Assert.Equal(3_000, summary.Matched);
    }

    [Fact]
    public async Task A_duplicate_id_on_either_side_is_reported()
    {
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(temporaryDirectory: _temp).MatchAsync(
            Async([R("A", 1), R("A", 1), R("B", 2)]), Async([R("A", 1), R("B", 2), R("B", 2)]), Collect(found));

        Assert.Equal(2, summary.Duplicates);
        Assert.Equal(2, summary.Matched);
        Assert.All(found, m => Assert.Equal(ReconciliationDifference.Duplicate, m.Difference));
        Assert.NotNull(found.Single(m => m.TikiTransactionId == "A").PartnerAmount);
        Assert.NotNull(found.Single(m => m.TikiTransactionId == "B").TikiAmount);
    }

    [Fact]
    public async Task Sides_larger_than_a_run_are_sorted_on_disk_with_the_same_result_and_no_file_left()
    {
        // 50,000 rows a side in runs of 1,000: 50 spilled runs per side, merged.
        var random = new Random(21);
        var partner = Enumerable.Range(0, 50_000).Select(i => R($"T{i:D7}", 1000 + i)).OrderBy(_ => random.Next()).ToArray();
        var tiki = partner.Where((_, i) => i % 1_000 != 0) // 50 missing at Tiki
            .Select((r, i) => i % 2_000 == 0 ? R(r.TikiTransactionId, r.Amount + 1) : r) // amounts changed
            .Concat(Enumerable.Range(0, 7).Select(i => R($"X{i}", 1))) // 7 only at Tiki
            .OrderBy(_ => random.Next()).ToArray();
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(runSize: 1_000, temporaryDirectory: _temp).MatchAsync(Async(partner), Async(tiki), Collect(found));

        Assert.Equal(50, summary.MissingAtTiki);
        Assert.Equal(7, summary.MissingAtPartner);
        Assert.Equal(tiki.Length - 7 - summary.AmountDiffers, summary.Matched);
        Assert.True(summary.AmountDiffers > 0);
        Assert.Equal(found.Select(m => m.TikiTransactionId).Order(StringComparer.Ordinal), found.Select(m => m.TikiTransactionId));
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task The_csv_report_has_a_header_and_one_row_per_mismatch()
    {
        using var report = new MemoryStream();

        await new ReconciliationMatcher(temporaryDirectory: _temp).MatchToCsvAsync(
            Async([R("A", 100), R("B,1", 200)]), Async([R("A", 150, TikiVipTransactionStatus.Failure)]), report);

        var lines = Encoding.UTF8.GetString(report.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tiki_transaction_id,difference,partner_transaction_id,tiki_partner_transaction_id,partner_amount,tiki_amount,partner_status,tiki_status", lines[0]);
        Assert.Equal("A,AmountDiffers|StatusDiffers,P-A,P-A,100,150,SUCCESS,FAILURE", lines[1]);
        Assert.Equal("\"B,1\",MissingAtTiki,\"P-B,1\",,200,,SUCCESS,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task The_report_reads_back_as_the_mismatches_that_were_written()
    {
        var written = new List<ReconciliationMismatch>();
        using var report = new MemoryStream();
        var matcher = new ReconciliationMatcher(temporaryDirectory: _temp);
        var partner = new[] { R("A", 100), R("B,\"1\"", 200) };
        var tiki = new[] { R("A", 150, TikiVipTransactionStatus.Failure), R("C", 5) };
        await matcher.MatchAsync(Async(partner), Async(tiki), Collect(written));
        await matcher.MatchToCsvAsync(Async(partner), Async(tiki), report);
        report.Position = 0;

        var read = new List<ReconciliationMismatch>();
        await foreach (var mismatch in ReconciliationReport.ReadAsync(report))
        {
            read.Add(mismatch);
        }

        Assert.Equal(written.Select(ReconciliationReport.Values).Select(v => string.Join("|", v)), read.Select(ReconciliationReport.Values).Select(v => string.Join("|", v)));
        Assert.Equal(TikiVipTransactionStatus.Failure, read[0].TikiStatus);
    }

    [Theory]
    [InlineData("not,a,report\r\n")]
    [InlineData("tiki_transaction_id,difference,partner_transaction_id,tiki_partner_transaction_id,partner_amount,tiki_amount,partner_status,tiki_status\r\nA,Nonsense,,,,,,\r\n")]
    public async Task Something_that_is_not_a_report_is_refused_in_plain_words(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var ex = await Assert.ThrowsAsync<ReconciliationException>(async () =>
        {
            await foreach (var _ in ReconciliationReport.ReadAsync(stream))
            {
            }
        });

        Assert.Contains("report", ex.Message);
    }

    [Fact]
    public async Task A_row_without_a_tiki_transaction_id_is_named()
    {
        var ex = await Assert.ThrowsAsync<ReconciliationException>(() =>
            new ReconciliationMatcher(temporaryDirectory: _temp).MatchAsync(Async([R("A", 1), R("", 2)]), Async([]), static (_, _) => default));

        Assert.Equal(2, ex.RowNumber);
        Assert.Contains("partner row has no tiki_transaction_id", ex.Message);
    }

    private static Func<ReconciliationMismatch, CancellationToken, ValueTask> Collect(List<ReconciliationMismatch> found) => (m, _) =>
    {
        found.Add(m);
        return default;
    };

    private static ReconciliationRecord R(string tikiId, long amount, TikiVipTransactionStatus status = TikiVipTransactionStatus.Success) => new()
    {
        TikiTransactionId = tikiId, TransactionId = "P-" + tikiId, Amount = amount, Status = status, CreatedAt = Noon, UpdatedAt = Noon,
    };

    private static async IAsyncEnumerable<ReconciliationRecord> Async(IEnumerable<ReconciliationRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }
}
