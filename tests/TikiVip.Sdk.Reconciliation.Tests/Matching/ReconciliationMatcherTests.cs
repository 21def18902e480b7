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

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp).MatchAsync(Async(partner), Tiki(tiki), Collect(found));

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
    public async Task In_exceptions_mode_absent_rows_are_matched_and_each_listed_row_is_reported_with_both_sides_and_tikis_reason()
    {
        // The programme's flow: Tiki's file lists only the transactions it found wrong.
        ReconciliationRecord[] partner = [R("A", 100), R("B", 200), R("C", 300), R("D", 400)];
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.Exceptions, temporaryDirectory: _temp).MatchAsync(
            Async(partner),
            Listed(
                new ReconciliationFileRow { TikiTransactionId = "B", Amount = 250, Result = ReconciliationVerdict.NotMatched, Reason = "Sai số tiền" },
                new ReconciliationFileRow { TikiTransactionId = "D", Reason = "Giao dịch bị khiếu nại" },
                new ReconciliationFileRow { TikiTransactionId = "X", Amount = 9, Reason = "Không có ở đối tác" }),
            Collect(found));

        Assert.Equal((2L, 3L, 1L, 0L), (summary.Matched, summary.ReportedByTiki, summary.MissingAtPartner, summary.MissingAtTiki));
        Assert.Equal(["B", "D", "X"], found.Select(m => m.TikiTransactionId));
        Assert.Equal(ReconciliationDifference.AmountDiffers | ReconciliationDifference.ReportedByTiki, found[0].Difference);
        Assert.Equal((200L, 250L, "Sai số tiền", ReconciliationVerdict.NotMatched), (found[0].PartnerAmount!.Value, found[0].TikiAmount!.Value, found[0].TikiReason, found[0].TikiResult!.Value));
        // Tiki's row carries no amount: nothing to compare, but Tiki's word stands, with the partner's values beside it.
        Assert.Equal(ReconciliationDifference.ReportedByTiki, found[1].Difference);
        Assert.Equal((400L, (long?)null, "P-D"), (found[1].PartnerAmount!.Value, found[1].TikiAmount, found[1].PartnerTransactionId));
        Assert.Equal(ReconciliationDifference.MissingAtPartner | ReconciliationDifference.ReportedByTiki, found[2].Difference);
        Assert.Equal(3, summary.Mismatches);
    }

    [Fact]
    public async Task In_full_day_mode_tikis_verdict_is_reported_alongside_and_a_disagreement_is_its_own_kind()
    {
        ReconciliationRecord[] partner = [R("A", 100), R("B", 200), R("C", 300)];
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp).MatchAsync(
            Async(partner),
            Listed(
                new ReconciliationFileRow { TikiTransactionId = "A", Amount = 100, Result = ReconciliationVerdict.Matched },
                new ReconciliationFileRow { TikiTransactionId = "B", Amount = 200, Result = ReconciliationVerdict.NotMatched, Reason = "Trễ hạn" },
                new ReconciliationFileRow { TikiTransactionId = "C", Amount = 301, Result = ReconciliationVerdict.Matched }),
            Collect(found));

        Assert.Equal((1L, 2L, 2L, 1L), (summary.Matched, summary.VerdictDiffers, summary.Mismatches, summary.AmountDiffers));
        Assert.Equal(ReconciliationDifference.VerdictDiffers, found[0].Difference); // the values agree; Tiki says not
        Assert.Equal("Trễ hạn", found[0].TikiReason);
        Assert.Equal(ReconciliationDifference.AmountDiffers | ReconciliationDifference.VerdictDiffers, found[1].Difference);
    }

    [Fact]
    public async Task A_report_keeps_tikis_reason_verbatim_and_reads_it_back()
    {
        using var report = new MemoryStream();
        await new ReconciliationMatcher(temporaryDirectory: _temp).MatchToCsvAsync(
            Async([R("A", 100)]),
            Listed(new ReconciliationFileRow { TikiTransactionId = "A", Result = ReconciliationVerdict.NotMatched, Reason = "Lý do: \"sai\", dòng 1\r\ndòng 2" }),
            report);
        report.Position = 0;

        var read = new List<ReconciliationMismatch>();
        await foreach (var mismatch in ReconciliationReport.ReadAsync(report))
        {
            read.Add(mismatch);
        }

        Assert.Equal(("Lý do: \"sai\", dòng 1\r\ndòng 2", ReconciliationVerdict.NotMatched), (Assert.Single(read).TikiReason, read[0].TikiResult!.Value));
    }

    [Fact]
    public async Task A_report_written_before_verdicts_were_kept_still_reads()
    {
        var legacy = "tiki_transaction_id,difference,partner_transaction_id,tiki_partner_transaction_id,partner_amount,tiki_amount,partner_status,tiki_status\r\nA,MissingAtTiki,P-A,,100,,SUCCESS,\r\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(legacy));

        var read = new List<ReconciliationMismatch>();
        await foreach (var mismatch in ReconciliationReport.ReadAsync(stream))
        {
            read.Add(mismatch);
        }

        Assert.Equal((ReconciliationDifference.MissingAtTiki, (string?)null), (Assert.Single(read).Difference, read[0].TikiReason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Keys_of_any_length_and_alphabet_come_out_in_ordinal_order_across_runs(bool withNonAscii)
    {
        // Short keys, keys that are prefixes of others, a long shared prefix, and (non-ASCII) accents and surrogate pairs.
        var random = new Random(7);
        string[] alphabet = withNonAscii ? ["A", "a", "0", "-", "Đ", "ệ", "\uFFFD", "😀", "\u00e9"] : ["A", "a", "0", "-", "Z", "_"];
        var keys = Enumerable.Range(0, 6_000)
            .Select(i => (i % 3 == 0 ? "261121TIKIVIP-2357" : "") + string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])))
            .Distinct(StringComparer.Ordinal).ToArray();
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, chunkSize: 1_000, temporaryDirectory: _temp).MatchAsync(
            Async(keys.Select(k => R(k, 1))), Tiki(keys.Reverse().Where((_, i) => i % 5 != 0).Select(k => R(k, 1))), Collect(found));

        Assert.Equal(keys.Length - found.Count, summary.Matched);
        Assert.Equal(keys.Where((_, i) => (keys.Length - 1 - i) % 5 == 0).Order(StringComparer.Ordinal), found.Select(m => m.TikiTransactionId));
        Assert.All(found, m => Assert.Equal(ReconciliationDifference.MissingAtTiki, m.Difference));
    }

    [Fact]
    public async Task Identical_sides_in_different_orders_are_clean()
    {
        var rows = Enumerable.Range(1, 3_000).Select(i => R($"T{i:D6}", i)).ToArray();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, chunkSize: 1_000, temporaryDirectory: _temp).MatchAsync(
            Async(rows), Tiki(rows.Reverse()), static (_, _) => throw new InvalidOperationException("no mismatch expected"));

        Assert.True(summary.IsClean);
        Assert.Equal(3_000, summary.Matched);
    }

    [Fact]
    public async Task A_duplicate_id_on_either_side_is_reported()
    {
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp).MatchAsync(
            Async([R("A", 1), R("A", 1), R("B", 2)]), Tiki([R("A", 1), R("B", 2), R("B", 2)]), Collect(found));

        Assert.Equal(2, summary.Duplicates);
        Assert.Equal(2, summary.Matched);
        Assert.All(found, m => Assert.Equal(ReconciliationDifference.Duplicate, m.Difference));
        Assert.NotNull(found.Single(m => m.TikiTransactionId == "A").PartnerAmount);
        Assert.NotNull(found.Single(m => m.TikiTransactionId == "B").TikiAmount);
    }

    [Fact]
    public async Task Sides_larger_than_a_run_are_sorted_on_disk_with_the_same_result_and_no_file_left()
    {
        // 50,000 rows a side in chunks of 1,000: 50 spilled chunks per side, merged.
        var random = new Random(21);
        var partner = Enumerable.Range(0, 50_000).Select(i => R($"T{i:D7}", 1000 + i)).OrderBy(_ => random.Next()).ToArray();
        var tiki = partner.Where((_, i) => i % 1_000 != 0) // 50 missing at Tiki
            .Select((r, i) => i % 2_000 == 0 ? R(r.TikiTransactionId, r.Amount + 1) : r) // amounts changed
            .Concat(Enumerable.Range(0, 7).Select(i => R($"X{i}", 1))) // 7 only at Tiki
            .OrderBy(_ => random.Next()).ToArray();
        var found = new List<ReconciliationMismatch>();

        var summary = await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, chunkSize: 1_000, temporaryDirectory: _temp).MatchAsync(Async(partner), Tiki(tiki), Collect(found));

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

        await new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp).MatchToCsvAsync(
            Async([R("A", 100), R("B,1", 200)]), Tiki([R("A", 150, TikiVipTransactionStatus.Failure)]), report);

        var lines = Encoding.UTF8.GetString(report.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tiki_transaction_id,difference,partner_transaction_id,tiki_partner_transaction_id,partner_amount,tiki_amount,partner_status,tiki_status,tiki_result,tiki_reason", lines[0]);
        Assert.Equal("A,AmountDiffers|StatusDiffers,P-A,P-A,100,150,SUCCESS,FAILURE,,", lines[1]);
        Assert.Equal("\"B,1\",MissingAtTiki,\"P-B,1\",,200,,SUCCESS,,,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task The_report_reads_back_as_the_mismatches_that_were_written()
    {
        var written = new List<ReconciliationMismatch>();
        using var report = new MemoryStream();
        var matcher = new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp);
        var partner = new[] { R("A", 100), R("B,\"1\"", 200) };
        var tiki = new[] { R("A", 150, TikiVipTransactionStatus.Failure), R("C", 5) };
        await matcher.MatchAsync(Async(partner), Tiki(tiki), Collect(written));
        await matcher.MatchToCsvAsync(Async(partner), Tiki(tiki), report);
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
            new ReconciliationMatcher(ReconciliationMatchMode.FullDay, temporaryDirectory: _temp).MatchAsync(Async([R("A", 1), R("", 2)]), Tiki([]), static (_, _) => default));

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

    private static async IAsyncEnumerable<ReconciliationFileRow> Tiki(IEnumerable<ReconciliationRecord> records)
    {
        foreach (var r in records)
        {
            yield return new ReconciliationFileRow
            {
                TikiTransactionId = r.TikiTransactionId, TransactionId = r.TransactionId, Amount = r.Amount, Status = r.Status, CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
            };
        }

        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReconciliationFileRow> Listed(params ReconciliationFileRow[] rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<ReconciliationRecord> Async(IEnumerable<ReconciliationRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }
}
