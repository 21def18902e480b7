using System.Text;

namespace TikiVip.Cli.Tests;

/// <summary><c>tikivip reconcile</c>: write, match, and (with the SFTP server of .ci/sftp.sh) upload and fetch.</summary>
public sealed class ReconcileCommandTests : IDisposable
{
    private const string Header = "tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at\r\n";
    private readonly string _work = Path.Combine(Path.GetTempPath(), "tikivip-cli-recon-" + Guid.NewGuid().ToString("N"));
    private readonly string _partner = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public ReconcileCommandTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        if (Sftp("Root") is { } root)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, "IF_TIKI_VIP", "INBOUND"), $"*{_partner}*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Write_publishes_the_days_files_with_tikis_names_and_reports_them_as_json()
    {
        var input = await InputAsync(Enumerable.Range(1, 5).Select(i => Row($"T-{i}", 1000 * i)));
        var outbox = Path.Combine(_work, "outbox");

        var layout = await LayoutAsync("""{ "MaxLinesPerFile": 3 }""");

        var run = await Cli.RunAsync(["reconcile", "write", "--partner", _partner, "--date", "2026-11-21", "--input", input, "--out", outbox, "--layout", layout, "--json"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(3, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"\"file\":\"tikivip_{_partner}_20261121_3\",\"rows\":1", run.Output);
        Assert.Equal(3, Directory.GetFiles(outbox).Count(f => !Path.GetFileName(f).StartsWith('.')));
    }

    [Fact]
    public async Task Write_with_a_bad_date_is_a_usage_error()
    {
        var run = await Cli.RunAsync(["reconcile", "write", "--partner", "ACME", "--date", "21/11/2026", "--input", "x", "--out", _work]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--date must be yyyy-MM-dd", run.Error);
    }

    [Fact]
    public async Task Write_of_a_malformed_input_names_the_row_and_publishes_nothing()
    {
        var input = await InputAsync([Row("T-1", 1000), "T-2,P-2,-5,SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:00:00+07:00\r\n"]);
        var outbox = Path.Combine(_work, "outbox");

        var run = await Cli.RunAsync(["reconcile", "write", "--partner", "ACME", "--date", "2026-11-21", "--input", input, "--out", outbox]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Row 2: transaction_amount", run.Error);
        Assert.DoesNotContain(Directory.GetFiles(outbox), f => !Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task Match_exits_0_when_the_sides_agree_and_1_with_a_report_when_they_do_not()
    {
        var partner = await InputAsync([Row("T-1", 1000), Row("T-2", 2000)]);
        var same = await InputAsync([Row("T-2", 2000), Row("T-1", 1000)]);
        var other = await InputAsync([Row("T-1", 1500)]);
        var report = Path.Combine(_work, "mismatches.csv");

        var fullDay = await LayoutAsync("""{ "Mode": "FullDay" }""");

        var clean = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", same, "--results-layout", fullDay]);
        var dirty = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", other, "--report", report, "--results-layout", fullDay, "--json"]);

        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(1, dirty.ExitCode);
        Assert.Contains("\"amount_differs\":1", dirty.Output);
        Assert.Contains("\"missing_at_tiki\":1", dirty.Output);
        Assert.Contains("T-1,AmountDiffers,P-T-1,P-T-1,1000,1500", await File.ReadAllTextAsync(report));
    }

    [Fact]
    public async Task Match_takes_every_file_of_a_day_split_in_several_and_a_folder_for_tikis_side()
    {
        var first = await InputAsync([Row("T-1", 1000), Row("T-2", 2000)]);
        var second = await InputAsync([Row("T-3", 3000)]);
        var tikiFolder = Directory.CreateDirectory(Path.Combine(_work, "tiki-results")).FullName;
        File.Copy(await InputAsync([Row("T-3", 3000), Row("T-1", 1000)]), Path.Combine(tikiFolder, "tikivip_ACME_20261121_1_result"));
        File.Copy(await InputAsync([Row("T-2", 2000)]), Path.Combine(tikiFolder, "tikivip_ACME_20261121_2_result"));

        var fullDay = await LayoutAsync("""{ "Mode": "FullDay" }""");

        var run = await Cli.RunAsync(["reconcile", "match", "--partner", first, "--partner", second, "--tiki", tikiFolder, "--results-layout", fullDay, "--json"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"partner_rows\":3", run.Output);
        Assert.Contains("\"tiki_rows\":3", run.Output);
    }

    [Fact]
    public async Task Match_reads_only_the_newest_answer_of_a_day_in_tikis_folder_and_says_what_it_set_aside()
    {
        // Tiki's first answer lists 3 wrong transactions; it regenerates the day an hour later, under another name, with 1.
        var partner = await InputAsync(Enumerable.Range(1, 5).Select(i => Row($"T-{i}", 1000 * i)));
        var tikiFolder = Directory.CreateDirectory(Path.Combine(_work, "outbound")).FullName;
        var first = Path.Combine(tikiFolder, "tikivip_ACME_20261121_1_result.csv");
        var regenerated = Path.Combine(tikiFolder, "tikivip_ACME_20261121_result_v2.csv");
        File.Copy(await InputAsync([Row("T-1", 1100), Row("T-2", 2100), Row("T-3", 3100)]), first);
        File.Copy(await InputAsync([Row("T-2", 2100)]), regenerated);
        File.SetLastWriteTimeUtc(first, new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(regenerated, new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc));
        File.Copy(await InputAsync([Row("T-9", 9000)]), Path.Combine(tikiFolder, "tikivip_ACME_20261120_1_result.csv")); // the day before

        var ambiguous = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", tikiFolder]);
        var run = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", tikiFolder, "--date", "2026-11-21"]);

        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("Tiki's files answer several days (2026-11-20, 2026-11-21): say which with --date.", ambiguous.Error);
        Assert.Equal(1, run.ExitCode);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("tiki_file: tikivip_ACME_20261121_result_v2.csv\ntaken: 2026-11-21's answer", output);
        Assert.Contains("tiki_file: tikivip_ACME_20261121_1_result.csv\nset_aside: an earlier answer for 2026-11-21, superseded by tikivip_ACME_20261121_result_v2.csv (written later)", output);
        Assert.Contains("tiki_file: tikivip_ACME_20261120_1_result.csv\nset_aside: another day's answer", output);
        Assert.Contains("tiki_rows: 1", output); // the regenerated answer alone, not the union of both
        Assert.Contains("reported_by_tiki: 1", output);
    }

    [Fact]
    public async Task Match_of_a_seven_column_result_file_in_the_partners_layout_says_to_configure_tikis_results_layout()
    {
        var partner = await InputAsync([Row("T-1", 1000)]);
        var tiki = Path.Combine(_work, "tikivip_ACME_20261121_1_result.csv");
        await File.WriteAllTextAsync(tiki, Header.TrimEnd() + ",result\r\n" + Row("T-1", 1000).TrimEnd() + ",MATCHED\r\n");

        var run = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", tiki]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("7 columns instead of 6", run.Error);
        Assert.Contains("got tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at,result", run.Error);
        Assert.Contains("configure it with Tiki's columns", run.Error);
        Assert.Contains("TikiVip:Reconciliation:Results:Layout (the CLI's --results-layout)", run.Error);
    }

    [Fact]
    public async Task Inspect_reports_a_sample_against_each_layout_separately_and_fails_it_when_it_fits_none_it_is_checked_as()
    {
        var sample = await InputAsync(Enumerable.Range(1, 5).Select(i => Row($"T-{i}", 1000 * i))); // the default layout
        var semicolons = await LayoutAsync("""{ "Delimiter": ";" }""");
        var fullDay = await LayoutAsync("""{ "Mode": "FullDay" }""");

        var either = await Cli.RunAsync(["reconcile", "inspect", "--layout", semicolons, "--results-layout", fullDay, sample]);
        var asPartner = await Cli.RunAsync(["reconcile", "inspect", "--layout", semicolons, "--results-layout", fullDay, "--as", "partner", sample]);

        var output = either.Output.ReplaceLineEndings("\n");
        Assert.Contains("partner_layout: does not fit\npartner_layout_problem: ", output);
        Assert.Contains("results_layout: fits\nrows: 5", output);
        Assert.Contains("fits: results layout", output);
        Assert.Equal(0, either.ExitCode); // it is a valid results file
        Assert.Equal(1, asPartner.ExitCode); // but not the agreed partner file
        Assert.Contains("fits: not the partner layout", asPartner.Output);
        Assert.DoesNotContain("results_layout", asPartner.Output);
    }

    [Fact]
    public async Task Inspect_shows_tikis_verdict_and_reason_and_which_of_a_days_files_the_job_would_read()
    {
        var results = await LayoutAsync("""
            { "Layout": { "Columns": [ { "Name": "tiki_transaction_id", "Field": "TikiTransactionId" }, { "Name": "amount", "Field": "Amount" },
                { "Name": "result", "Field": "Result" }, { "Name": "reason", "Field": "Reason" } ] } }
            """);
        var older = Path.Combine(_work, "tikivip_ACME_20261121_1_result.csv");
        var newer = Path.Combine(_work, "tikivip_ACME_20261121_result_v2.csv");
        await File.WriteAllTextAsync(older, "tiki_transaction_id,amount,result,reason\r\nT-1,1000,NOT_MATCHED,Sai số tiền\r\n");
        await File.WriteAllTextAsync(newer, "tiki_transaction_id,amount,result,reason\r\nT-1,1000,MATCHED,\r\n");
        File.SetLastWriteTimeUtc(older, new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(newer, new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc));

        var run = await Cli.RunAsync(["reconcile", "inspect", "--results-layout", results, "--as", "results", older, newer]);

        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("result: NOT_MATCHED (NotMatched)\nreason: Sai số tiền", output);
        Assert.Contains("result: MATCHED (Matched)", output);
        Assert.Contains("answer_for: 2026-11-21\nread: tikivip_ACME_20261121_result_v2.csv\nset_aside: tikivip_ACME_20261121_1_result.csv (superseded: written earlier)", output);
    }

    [Fact]
    public async Task Match_reads_tikis_exceptions_file_in_its_agreed_layout_by_default_meaning()
    {
        var partner = await InputAsync([Row("T-1", 1000), Row("T-2", 2000), Row("T-3", 3000)]);
        var tiki = Path.Combine(_work, "KQ.csv");
        await File.WriteAllTextAsync(tiki, "Mã GD Tiki;Số tiền;Lý do\r\nT-2;2500;Sai số tiền\r\n");
        var results = await LayoutAsync("""
            { "Layout": { "Delimiter": ";", "Columns": [
                { "Name": "Mã GD Tiki", "Field": "TikiTransactionId" }, { "Name": "Số tiền", "Field": "Amount" }, { "Name": "Lý do", "Field": "Reason" } ] } }
            """);
        var report = Path.Combine(_work, "report.csv");

        var run = await Cli.RunAsync(["reconcile", "match", "--partner", partner, "--tiki", tiki, "--results-layout", results, "--report", report, "--json"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"mode\":\"Exceptions\",\"partner_rows\":3,\"tiki_rows\":1,\"matched\":2,\"mismatches\":1,\"reported_by_tiki\":1", run.Output);
        Assert.Contains("T-2,AmountDiffers|ReportedByTiki,P-T-2,,2000,2500,SUCCESS,,,Sai số tiền", await File.ReadAllTextAsync(report));
    }

    [Fact]
    public async Task Inspect_says_which_layout_a_sample_fits_and_shows_its_first_rows_field_by_field()
    {
        var sample = Path.Combine(_work, "tiki_sample.csv");
        await File.WriteAllTextAsync(sample, "\uFEFFMã GD Tiki;Kết quả;Lý do\r\nT-9;KHONG_KHOP;Trùng giao dịch\r\nT-8;KHOP;\r\n");
        var results = await LayoutAsync("""
            { "Layout": { "Delimiter": ";", "Bom": true, "ResultNames": { "Matched": "KHOP", "NotMatched": "KHONG_KHOP" }, "Columns": [
                { "Name": "Mã GD Tiki", "Field": "TikiTransactionId" }, { "Name": "Kết quả", "Field": "Result" }, { "Name": "Lý do", "Field": "Reason" } ] } }
            """);

        var run = await Cli.RunAsync(["reconcile", "inspect", "--results-layout", results, sample]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("fits: results layout", run.Output);
        Assert.Contains("rows: 2", run.Output);
        Assert.Contains("tiki_transaction_id: T-9\nresult: KHONG_KHOP (NotMatched)\nreason: Trùng giao dịch", run.Output.ReplaceLineEndings("\n")); // as spelled, and as read
    }

    [Fact]
    public async Task Inspect_names_every_reason_a_sample_fits_neither_layout()
    {
        var sample = Path.Combine(_work, "wrong.csv");
        await File.WriteAllTextAsync(sample, "tiki_transaction_id;transaction_id;transaction_amount;status;created_at;updated_at\nT-1;P-1;1.000;SUCCESS;2026-11-21;x\n");

        var run = await Cli.RunAsync(["reconcile", "inspect", sample]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("fits: neither layout", run.Output);
        Assert.Contains("it looks delimited by ';', not ','", run.Output);
        Assert.Contains("Some lines end with LF alone; the layout says CrLf.", run.Output);
    }

    [Theory]
    [InlineData("""{ "Delimeter": ";" }""", "Delimeter")]
    [InlineData("""{ "Columns": [ { "Name": "a", "Field": "Amout" } ] }""", "Columns[0].Field 'Amout' is not a field: use TikiTransactionId, TransactionId, Amount")]
    [InlineData("""{ "LineEnding": "CR" }""", "LineEnding 'CR' is not one of CrLf, Lf")]
    [InlineData("""{ "MaxLinesPerFile": "many" }""", "MaxLinesPerFile 'many' is not a whole number")]
    [InlineData("""{ "Columns": [ """, "is not valid JSON")]
    public async Task A_wrong_layout_file_is_refused_with_what_is_wrong(string json, string expected)
    {
        var layout = await LayoutAsync(json);

        var run = await Cli.RunAsync(["reconcile", "inspect", "--layout", layout, layout]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--layout {layout}", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("write")]
    [InlineData("inspect")]
    [InlineData("match")]
    public async Task A_layout_file_with_an_unknown_field_has_its_other_problems_named_in_the_same_message(string command)
    {
        // An unknown Field once stopped the configuration binder before the layout's own check could run.
        var layout = await LayoutAsync("""
            { "Delimiter": ";", "Colums": 1,
              "Columns": [ { "Name": "tiki_transaction_id", "Field": "TikiTransactionId" }, { "Name": "so_tien", "Field": "SoTien" },
                           { "Name": "transaction_amount", "Field": "Amount" }, { "Name": "transaction_amount_2", "Field": "Amount" } ],
              "StatusNames": { "Success": "THANH;CONG" }, "LineEnding": "CR" }
            """);
        string[] args = command switch
        {
            "write" => ["reconcile", "write", "--partner", _partner, "--date", "2026-11-21", "--input", layout, "--out", _work, "--layout", layout],
            "inspect" => ["reconcile", "inspect", "--layout", layout, layout],
            _ => ["reconcile", "match", "--partner", _work, "--tiki", _work, "--date", "2026-11-21", "--layout", layout],
        };

        var run = await Cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains($"--layout {layout}", run.Error);
        Assert.Contains("Colums is not a setting of a layout", run.Error);
        Assert.Contains("Columns[1].Field 'SoTien' is not a field: use TikiTransactionId", run.Error);
        Assert.Contains("Columns[3].Field 'Amount' appears twice", run.Error);
        Assert.Contains("StatusNames:Success 'THANH;CONG' holds the delimiter", run.Error);
        Assert.Contains("LineEnding 'CR' is not one of CrLf, Lf", run.Error);
        Assert.DoesNotContain("Failed to convert", run.Error);
    }

    [Fact]
    public async Task A_results_layout_file_names_an_unknown_mode_with_the_layouts_problems()
    {
        var results = await LayoutAsync("""{ "Mode": "Everything", "Layout": { "Columns": [ { "Name": "kq", "Field": "KetQua" } ] } }""");

        var run = await Cli.RunAsync(["reconcile", "inspect", "--results-layout", results, results]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Mode 'Everything' is not one of Exceptions, FullDay", run.Error);
        Assert.Contains("Layout: Columns[0].Field 'KetQua' is not a field: use TikiTransactionId, TransactionId, Amount, Status, CreatedAt, UpdatedAt, Result, Reason", run.Error);
    }

    [Fact]
    public async Task Match_of_a_path_that_does_not_exist_names_it()
    {
        var run = await Cli.RunAsync(["reconcile", "match", "--partner", Path.Combine(_work, "nowhere"), "--tiki", _work]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nowhere does not exist", run.Error);
    }

    [Fact]
    public async Task A_missing_key_file_is_a_clear_error_at_once_not_retried_as_a_network_failure()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await Cli.RunAsync(["reconcile", "fetch", "--to", _work, "--sftp-host", "127.0.0.1", "--sftp-port", "9", "--sftp-user", "u",
            "--sftp-key", Path.Combine(_work, "no-such-key"), "--sftp-host-key", "SHA256:abc"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("private key file", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}: retried");
    }

    [Fact]
    public async Task No_server_listening_ends_in_one_line_and_a_non_zero_exit()
    {
        var key = Path.Combine(_work, "key");
        await File.WriteAllTextAsync(key, "not used: nothing answers");
        var run = await Cli.RunAsync(
            ["reconcile", "fetch", "--to", _work, "--sftp-host", "127.0.0.1", "--sftp-port", "9", "--sftp-user", "u", "--sftp-password", "pw", "--sftp-host-key", "SHA256:abc"],
            new Dictionary<string, string?> { ["TikiVip__Reconciliation__Sftp__MaxRetryAttempts"] = "0" });

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: Tiki's SFTP server:", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.DoesNotContain(" at ", run.Error, StringComparison.Ordinal); // no stack trace
    }

    [SftpFact]
    public async Task Upload_then_upload_again_is_idempotent_and_fetch_brings_tikis_results_back()
    {
        var input = await InputAsync([Row("T-1", 1000)]);
        var outbox = Path.Combine(_work, "outbox");
        await Cli.RunAsync(["reconcile", "write", "--partner", _partner, "--date", "2026-11-21", "--input", input, "--out", outbox]);
        var environment = new Dictionary<string, string?>
        {
            ["TikiVip__Reconciliation__Sftp__Host"] = Sftp("Host"),
            ["TikiVip__Reconciliation__Sftp__Port"] = Sftp("Port"),
            ["TikiVip__Reconciliation__Sftp__Username"] = Sftp("Username"),
            ["TikiVip__Reconciliation__Sftp__PrivateKeyPath"] = Sftp("PrivateKeyPath"),
            ["TikiVip__Reconciliation__Sftp__HostKeySha256"] = Sftp("HostKeySha256"),
        };

        var first = await Cli.RunAsync(["reconcile", "upload", "--dir", outbox, "--json"], environment);
        var second = await Cli.RunAsync(["reconcile", "upload", "--dir", outbox, "--json"], environment);
        var result = Path.Combine(Sftp("Root")!, "IF_TIKI_VIP", "OUTBOUND", $"tikivip_{_partner}_result");
        await File.WriteAllTextAsync(result, Header + Row("T-1", 1000));
        try
        {
            var fetched = await Cli.RunAsync(["reconcile", "fetch", "--to", Path.Combine(_work, "results"), "--json"], environment);

            Assert.Equal(0, fetched.ExitCode);
            Assert.Contains($"tikivip_{_partner}_result", fetched.Output);
        }
        finally
        {
            File.Delete(result);
        }

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("\"already_present\":false", first.Output);
        Assert.Contains("\"already_present\":true", second.Output);
        Assert.True(File.Exists(Path.Combine(Sftp("Root")!, "IF_TIKI_VIP", "INBOUND", $"tikivip_{_partner}_20261121_1")));
    }

    [Fact]
    public async Task Upload_without_a_pinned_host_key_is_a_usage_error()
    {
        var run = await Cli.RunAsync(["reconcile", "upload", "--dir", _work, "--sftp-host", "h", "--sftp-user", "u", "--sftp-password", "pw-secret-77"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HostKeySha256 is required", run.Error);
        Assert.DoesNotContain("pw-secret-77", run.Error + run.Output);
    }

    private static string Row(string tikiId, long amount) =>
        $"{tikiId},P-{tikiId},{amount},SUCCESS,2026-11-21T12:00:00+07:00,2026-11-21T12:05:00+07:00\r\n";

    private static string? Sftp(string name) =>
        Environment.GetEnvironmentVariable("TIKIVIP_TEST_SFTP") is { Length: > 0 } text
            ? text.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == name)?[1]
            : null;

    private async Task<string> LayoutAsync(string json)
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private async Task<string> InputAsync(IEnumerable<string> rows)
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(path, Header + string.Concat(rows), new UTF8Encoding(false));
        return path;
    }
}

/// <summary>A test that needs the SFTP server of .ci/sftp.sh: skipped, with the reason, when none is configured.</summary>
public sealed class SftpFactAttribute : FactAttribute
{
    public SftpFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TIKIVIP_TEST_SFTP")))
        {
            Skip = "TIKIVIP_TEST_SFTP is not set: no SFTP server to test against (.ci/run and .ci/sftp.sh provide one).";
        }
    }
}
