using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// The daily job end to end against a real OpenSSH server, under three agreements a partner may make with Tiki in
/// the reconciliation meeting: the partner's files written in the agreed layout, Tiki's results read in theirs and
/// with their meaning ("if some transactions are wrong, Tiki generates a new file"; "re-check only the
/// transactions that did not match").
/// </summary>
public sealed class AgreedLayoutTests : IAsyncDisposable
{
    private static readonly DateOnly Nov21 = new(2026, 11, 21);
    private readonly string _partner = JobHarness.NewPartner();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.FromHours(7)));
    private readonly DaySource _source = new() { RowsPerDay = 25 };
    private JobHarness? _instance;

    public async ValueTask DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }

        JobHarness.CleanServer(_partner);
    }

    [SftpFact]
    public async Task The_standard_layout_with_tikis_exceptions_file_reports_only_the_listed_transactions()
    {
        var job = Start(_ => { });
        var delivered = await DeliverAsync(job);

        Assert.Equal([$"tikivip_{_partner}_20261121_1.csv"], delivered.Select(Path.GetFileName));
        var text = await File.ReadAllTextAsync(delivered[0]);
        Assert.StartsWith("tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n", text, StringComparison.Ordinal);
        Assert.Equal(26, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Tiki lists the two transactions it found wrong, in the standard columns (no verdict, no reason).
        await PutResultAsync($"tikivip_{_partner}_20261121_result", "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n" +
            $"{DaySource.TikiId(Nov21, 3)},ORDER-20261121-3,30001,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n" +
            $"T-ONLY-AT-TIKI,ORDER-X,5,FAILURE,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n");
        var run = await CompareAsync(job);

        Assert.Equal((ReconciliationRunState.Matched, 2L), (run.State, run.Mismatches));
        var report = await ReadReportAsync(run);
        Assert.Equal([DaySource.TikiId(Nov21, 3), "T-ONLY-AT-TIKI"], report.Select(m => m.TikiTransactionId));
        Assert.Equal(ReconciliationDifference.AmountDiffers | ReconciliationDifference.ReportedByTiki, report[0].Difference);
        Assert.Equal((30_000L, 30_001L), (report[0].PartnerAmount!.Value, report[0].TikiAmount!.Value));
        Assert.Equal(ReconciliationDifference.MissingAtPartner | ReconciliationDifference.ReportedByTiki, report[1].Difference);
    }

    [SftpFact]
    public async Task A_vietnamese_semicolon_layout_is_written_as_agreed_and_tikis_split_then_regenerated_answer_is_read_as_one()
    {
        _source.Extras = new() { ["channel"] = "Tiki, app" };
        var job = Start(o =>
        {
            o.Layout = new ReconciliationFileLayout
            {
                Columns =
                [
                    new() { Name = "Mã đơn hàng", Field = ReconciliationField.TransactionId },
                    new() { Name = "Mã giao dịch Tiki", Field = ReconciliationField.TikiTransactionId },
                    new() { Name = "Số tiền", Field = ReconciliationField.Amount },
                    new() { Name = "Trạng thái", Field = ReconciliationField.Status },
                    new() { Name = "Thời gian tạo", Field = ReconciliationField.CreatedAt },
                    new() { Name = "Kênh", Field = ReconciliationField.Extra, ExtraKey = "channel" },
                ],
                Delimiter = ";",
                Bom = true,
                LineEnding = ReconciliationLineEnding.Lf,
                TimestampFormat = "dd/MM/yyyy HH:mm:ss",
                StatusNames = new() { Success = "THANH_CONG", Failure = "THAT_BAI", Pending = "DANG_XU_LY" },
                FileName = "doisoat_{partner}_{date:yyyy-MM-dd}_{n}",
                FileExtension = ".csv",
                MaxLinesPerFile = 11,
            };
            o.Results = new ReconciliationResultsOptions
            {
                Layout = new ReconciliationFileLayout
                {
                    Columns =
                    [
                        new() { Name = "Mã giao dịch Tiki", Field = ReconciliationField.TikiTransactionId },
                        new() { Name = "Số tiền", Field = ReconciliationField.Amount },
                        new() { Name = "Lý do", Field = ReconciliationField.Reason },
                    ],
                    Delimiter = ";",
                },
                FileName = "KQ_{partner}_{date:ddMMyyyy}_{n}.csv",
            };
        });
        var delivered = await DeliverAsync(job);

        // 25 rows at 11 lines a file (a header and 10 rows): three files, each whole, named as agreed.
        Assert.Equal(Enumerable.Range(1, 3).Select(n => $"doisoat_{_partner}_2026-11-21_{n}.csv"), delivered.Select(Path.GetFileName));
        var bytes = await File.ReadAllBytesAsync(delivered[0]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n');
        Assert.Equal(["Mã đơn hàng;Mã giao dịch Tiki;Số tiền;Trạng thái;Thời gian tạo;Kênh", $"ORDER-20261121-1;{DaySource.TikiId(Nov21, 1)};10000;THANH_CONG;21/11/2026 12:00:00;Tiki, app"], lines[..2]);
        Assert.Equal(12, lines.Length); // 11 lines, each ended by LF alone
        Assert.DoesNotContain("\r", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        // Tiki answers in two parts; later it regenerates the answer under another name: only the newest counts.
        var header = "Mã giao dịch Tiki;Số tiền;Lý do\r\n";
        await PutResultAsync($"KQ_{_partner}_21112026_1.csv", header + $"{DaySource.TikiId(Nov21, 4)};40001;Sai số tiền\r\n", minutesAgo: 30);
        await PutResultAsync($"KQ_{_partner}_21112026_2.csv", header + $"{DaySource.TikiId(Nov21, 20)};200000;\"Khách hàng khiếu nại; chờ xử lý\"\r\n", minutesAgo: 30);
        await PutResultAsync($"KQ_{_partner}_21112026_result_1.csv", header, minutesAgo: 30); // another name Tiki does not use: ignored
        var first = await CompareAsync(job);

        Assert.Equal(2L, first.Mismatches);
        var report = await ReadReportAsync(first);
        Assert.Equal(("Sai số tiền", "Khách hàng khiếu nại; chờ xử lý"), (report[0].TikiReason, report[1].TikiReason));
        Assert.Equal(ReconciliationDifference.ReportedByTiki, report[1].Difference); // same amount: Tiki's reason is the news

        await PutResultAsync($"KQ_{_partner}_21112026.csv", header + $"{DaySource.TikiId(Nov21, 4)};40001;Sai số tiền (đã kiểm tra lại)\r\n", minutesAgo: 0);
        var regenerated = await CompareAsync(job);

        Assert.Equal(1L, regenerated.Mismatches); // the earlier two parts are superseded, not added in
        Assert.Equal("Sai số tiền (đã kiểm tra lại)", Assert.Single(await ReadReportAsync(regenerated)).TikiReason);
        Assert.Contains(job.Logs.GetSnapshot(), l => l.Id.Id == 3016 && l.Message.Contains($"KQ_{_partner}_21112026_1.csv", StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task A_headerless_tab_layout_with_tikis_full_day_and_verdicts_reports_where_tiki_disagrees()
    {
        _source.RowsPerDay = 3;
        var job = Start(o =>
        {
            o.Layout = new ReconciliationFileLayout { Header = false, Delimiter = "tab", TimestampFormat = "LocalDateTime" };
            o.Results = new ReconciliationResultsOptions
            {
                Mode = ReconciliationMatchMode.FullDay,
                Layout = new ReconciliationFileLayout
                {
                    Header = false,
                    Delimiter = "\t",
                    Columns = [new() { Field = ReconciliationField.TikiTransactionId }, new() { Field = ReconciliationField.Amount }, new() { Field = ReconciliationField.Result }, new() { Field = ReconciliationField.Reason }],
                    ResultNames = new() { Matched = "KHOP", NotMatched = "KHONG_KHOP" },
                },
            };
        });
        var delivered = await DeliverAsync(job);

        Assert.Equal(
            $"{DaySource.TikiId(Nov21, 1)}\tORDER-20261121-1\t10000\tSUCCESS\t2026-11-21 12:00:00\t2026-11-21 12:00:00\r\n",
            (await File.ReadAllLinesAsync(delivered[0]))[0] + "\r\n");
        Assert.Equal(3, (await File.ReadAllLinesAsync(delivered[0])).Length); // no header line

        await PutResultAsync($"tikivip_{_partner}_20261121_1_result.txt",
            $"{DaySource.TikiId(Nov21, 1)}\t10000\tKHOP\t\r\n" +
            $"{DaySource.TikiId(Nov21, 2)}\t20000\tKHONG_KHOP\tTrùng giao dịch\r\n" +
            $"{DaySource.TikiId(Nov21, 3)}\t30500\tKHOP\t\r\n");
        var run = await CompareAsync(job);

        var report = await ReadReportAsync(run);
        Assert.Equal(2L, run.Mismatches);
        Assert.Equal((ReconciliationDifference.VerdictDiffers, "Trùng giao dịch", ReconciliationVerdict.NotMatched), (report[0].Difference, report[0].TikiReason, report[0].TikiResult!.Value));
        Assert.Equal(ReconciliationDifference.AmountDiffers | ReconciliationDifference.VerdictDiffers, report[1].Difference);
    }

    [Fact]
    public void A_wrong_agreement_is_refused_at_start_up_with_every_problem_named()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; }).AddReconciliation<DaySource.Scoped>(o =>
        {
            o.PartnerName = _partner;
            o.WorkDirectory = Path.GetTempPath();
            o.Layout = new ReconciliationFileLayout
            {
                Columns = [new() { Name = "id", Field = ReconciliationField.TransactionId }, new() { Name = "ID" }, new() { Name = "x", Field = ReconciliationField.TransactionId }],
                Delimiter = ";",
                StatusNames = new() { Success = "OK;DONE" },
                MaxLinesPerFile = 500_001,
                FileName = "tikivip_{partner}_{n}",
            };
            o.Results = new ReconciliationResultsOptions { FileName = "KQ_{day}", Layout = new() { Columns = [new() { Name = "a", Field = ReconciliationField.Result }] } };
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<ReconciliationJobOptions>>().Value);
        var failures = string.Join("\n", ex.Failures);

        Assert.Contains("Columns[1].Field is not set", failures, StringComparison.Ordinal);
        Assert.Contains("Columns[2].Field 'TransactionId' appears twice", failures, StringComparison.Ordinal);
        Assert.Contains("Columns has no TikiTransactionId", failures, StringComparison.Ordinal);
        Assert.Contains("StatusNames:Success 'OK;DONE' holds the delimiter", failures, StringComparison.Ordinal);
        Assert.Contains("MaxLinesPerFile must be between 2 and Tiki's 500,000", failures, StringComparison.Ordinal);
        Assert.Contains("FileName 'tikivip_{partner}_{n}' must hold the day exactly once", failures, StringComparison.Ordinal);
        Assert.Contains("TikiVip:Reconciliation:Results:FileName 'KQ_{day}': {day} is not a placeholder", failures, StringComparison.Ordinal);
        Assert.Contains("TikiVip:Reconciliation:Results:Layout: Columns has no TikiTransactionId", failures, StringComparison.Ordinal);
    }

    private JobHarness Start(Action<ReconciliationJobOptions> options)
    {
        _instance = JobHarness.Create(_partner, _clock, _source, options: o =>
        {
            options(o);
            o.CheckInterval = TimeSpan.FromMinutes(30);
        });
        return _instance;
    }

    private async Task<string[]> DeliverAsync(JobHarness job)
    {
        var run = Assert.Single(await job.Job.RunDueAsync());
        Assert.True(run.IsDelivered, run.Error);
        return [.. Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*").Order(StringComparer.Ordinal)];
    }

    private async Task<ReconciliationRun> CompareAsync(JobHarness job)
    {
        _clock.Advance(TimeSpan.FromMinutes(30));
        var run = Assert.Single(await job.Job.RunDueAsync());
        Assert.True(run.State == ReconciliationRunState.Matched, run.Error);
        return run;
    }

    private static async Task PutResultAsync(string name, string content, int minutesAgo = 0)
    {
        var path = Path.Combine(SftpServer.Outbound, name);
        await File.WriteAllTextAsync(path, content);
        File.SetLastWriteTimeUtc(path, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-minutesAgo));
    }

    private static async Task<List<ReconciliationMismatch>> ReadReportAsync(ReconciliationRun run)
    {
        var read = new List<ReconciliationMismatch>();
        await using var stream = File.OpenRead(run.ReportPath!);
        await foreach (var mismatch in ReconciliationReport.ReadAsync(stream))
        {
            read.Add(mismatch);
        }

        return read;
    }
}
