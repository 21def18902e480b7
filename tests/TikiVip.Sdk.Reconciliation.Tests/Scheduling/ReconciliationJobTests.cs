using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation.Sftp;
using TikiVip.Sdk.Reconciliation.Tests.Sftp;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// The daily job against the real SFTP server (API reference, "5. Reconciliation file": the data of day T is
/// uploaded on the morning of T+1 to /IF_TIKI_VIP/INBOUND; results come back in /IF_TIKI_VIP/OUTBOUND).
/// </summary>
public sealed class ReconciliationJobTests : IAsyncDisposable
{
    private static readonly DateOnly Nov21 = new(2026, 11, 21);
    private readonly string _partner = JobHarness.NewPartner();
    private FakeTimeProvider _clock = new(At(new DateOnly(2026, 11, 22), 1, 0));
    private readonly DaySource _source = new();
    private readonly List<JobHarness> _instances = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        JobHarness.CleanServer(_partner);
    }

    [SftpFact]
    public async Task At_the_run_time_in_Vietnam_yesterday_is_written_uploaded_and_recorded_once()
    {
        var instance = Instance();
        using var rows = instance.Collect<long>("tikivip.reconciliation.rows");
        using var bytes = instance.Collect<long>("tikivip.reconciliation.bytes");
        using var duration = instance.Collect<double>("tikivip.reconciliation.duration");

        var touched = await instance.Job.RunDueAsync();

        var run = Assert.Single(touched);
        Assert.Equal((Nov21, ReconciliationRunState.Uploaded), (run.Date, run.State));
        Assert.Equal(_clock.GetUtcNow(), run.UploadedAt);
        var file = Assert.Single(run.Files);
        Assert.Equal($"tikivip_{_partner}_20261121_1.csv", file.Name);
        var onServer = Path.Combine(SftpServer.Inbound, file.Name);
        var records = await ReconciliationFileReader.ReadAsync(File.OpenRead(onServer)).ToListAsync();
        Assert.Equal(_source.Rows(Nov21).Select(r => r.TikiTransactionId), records.Select(r => r.TikiTransactionId));
        Assert.Equal(25, rows.LastMeasurement!.Value);
        Assert.Equal(file.ByteCount, bytes.LastMeasurement!.Value);
        Assert.Equal(["write", "upload"], duration.GetMeasurementSnapshot().Select(m => (string)m.Tags["tikivip.reconciliation.step"]!));

        Assert.Empty(await instance.Job.RunDueAsync()); // done: nothing is redone
        Assert.Equal(1, _source.Calls[Nov21]);
        Assert.Equal(run, Assert.Single(await instance.Job.GetRunsAsync(Nov21, Nov21)));
    }

    [SftpFact]
    public async Task Before_the_run_time_only_the_day_before_yesterday_is_due()
    {
        _clock = new FakeTimeProvider(At(new DateOnly(2026, 11, 22), 0, 59));
        var instance = Instance();

        var run = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal(new DateOnly(2026, 11, 20), run.Date);
        Assert.False(_source.Calls.ContainsKey(Nov21));
    }

    [SftpFact]
    public async Task Missed_days_are_caught_up_but_none_before_the_first_recorded_day()
    {
        var instance = Instance();
        await instance.Job.RunDueAsync(); // delivers the 21st: the first day this job knows

        _clock.SetUtcNow(At(new DateOnly(2026, 11, 25), 2, 0)); // down from the 22nd to the 25th
        var touched = await instance.Job.RunDueAsync();

        Assert.Equal([new(2026, 11, 22), new(2026, 11, 23), new DateOnly(2026, 11, 24)], touched.Select(r => r.Date));
        Assert.All(touched, r => Assert.Equal(ReconciliationRunState.Uploaded, r.State));
        Assert.DoesNotContain(new DateOnly(2026, 11, 20), _source.Calls.Keys);
        Assert.Equal(4, Directory.GetFiles(SftpServer.Inbound, $"tikivip_{_partner}_*").Length);
    }

    [SftpFact]
    public async Task A_failure_is_recorded_with_its_reason_leaves_nothing_behind_and_the_next_check_completes_the_day()
    {
        var instance = Instance();
        _source.FailNext(1);

        var failed = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal(ReconciliationRunState.Failed, failed.State);
        Assert.Equal(1, failed.FailedAttempts);
        Assert.False(failed.IsDelivered);
        Assert.Contains("Failed while writing the files: InvalidOperationException: the payments database is unreachable", failed.Error);
        Assert.Empty(Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*"));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(instance.WorkDirectory, "inbound", "20261121")), f => !Path.GetFileName(f).EndsWith(".lock", StringComparison.Ordinal));
        Assert.Contains(instance.Logs.GetSnapshot(), l => l.Id.Name == "ReconciliationRunFailed" && l.Message.Contains("unreachable", StringComparison.Ordinal));
        var health = await HealthAsync(instance, hoursAfterRunTime: 3);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("the payments database is unreachable", health.Description);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var completed = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal(ReconciliationRunState.Uploaded, completed.State);
        Assert.Null(completed.Error);
        Assert.Equal(1, completed.FailedAttempts);
    }

    [SftpFact]
    public async Task A_crash_between_upload_and_recording_is_resumed_from_the_files_on_disk_without_sending_them_again()
    {
        var store = new InMemoryReconciliationRunStore();
        var crashing = new CrashingStore(store, crashWhen: run => run.State == ReconciliationRunState.Uploaded);
        var first = Instance(store: crashing);

        await Assert.ThrowsAsync<IOException>(() => first.Job.RunDueAsync()); // the process "dies" recording the upload
        var remote = Path.Combine(SftpServer.Inbound, $"tikivip_{_partner}_20261121_1.csv");
        var uploadedAt = File.GetLastWriteTimeUtc(remote);
        Assert.Equal(ReconciliationRunState.Written, Assert.Single(await store.GetRunsAsync(_partner, Nov21, Nov21, default)).State);

        var restarted = Instance(store: store, workDirectory: first.WorkDirectory); // same machine, new process
        Assert.Empty(await restarted.Job.RunDueAsync()); // the dead process's lease has not expired yet
        Assert.Contains(restarted.Logs.GetSnapshot(), l => l.Id.Name == "ReconciliationDayHeldElsewhere");

        _clock.Advance(TimeSpan.FromMinutes(11));
        var resumed = Assert.Single(await restarted.Job.RunDueAsync());

        Assert.Equal(ReconciliationRunState.Uploaded, resumed.State);
        Assert.Equal(1, _source.Calls[Nov21]); // not written again
        Assert.Equal(uploadedAt, File.GetLastWriteTimeUtc(remote)); // not sent again
        Assert.Contains(restarted.Logs.GetSnapshot(), l => l.Id.Name == "ReconciliationDelivered" && l.Message.Contains("0 bytes sent, 1 already there", StringComparison.Ordinal));
    }

    [SftpFact]
    public async Task Two_instances_racing_for_the_day_deliver_it_once()
    {
        var store = new InMemoryReconciliationRunStore();
        var a = Instance(store: store);
        var b = Instance(store: store);
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = Task.Run(() => a.Job.RunDueAsync());
        await _source.Entered.Task; // a holds the day and is writing
        var other = await b.Job.RunDueAsync();
        _source.Gate.SetResult();
        var winner = await racing;

        Assert.Empty(other);
        Assert.Equal(ReconciliationRunState.Uploaded, Assert.Single(winner).State);
        Assert.Equal(1, _source.Calls[Nov21]);
        Assert.Single(Directory.GetFiles(SftpServer.Inbound, $"*{_partner}*"));
    }

    [SftpFact]
    public async Task Tikis_results_are_fetched_compared_and_compared_again_when_tiki_regenerates_them()
    {
        var instance = Instance(options: o => o.Results.Mode = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMatchMode.FullDay); // Tiki's file is a copy of the whole day
        await instance.Job.RunDueAsync();
        var result = Path.Combine(SftpServer.Outbound, $"tikivip_{_partner}_20261121_result.csv");
        var tikiRows = _source.Rows(Nov21).ToList();
        await WriteTikiFileAsync(result, tikiRows.Skip(1).Select((r, i) => i == 0 ? Amount(r, r.Amount + 1) : r)); // one missing, one amount off
        using var mismatches = instance.Collect<long>("tikivip.reconciliation.mismatches");

        _clock.Advance(TimeSpan.FromMinutes(30));
        var matched = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal((ReconciliationRunState.Matched, 2L), (matched.State, matched.Mismatches));
        var report = await File.ReadAllLinesAsync(matched.ReportPath!);
        Assert.Equal(3, report.Length);
        Assert.Contains(report, l => l.StartsWith($"{DaySource.TikiId(Nov21, 1)},MissingAtTiki,", StringComparison.Ordinal));
        Assert.Contains(report, l => l.StartsWith($"{DaySource.TikiId(Nov21, 2)},AmountDiffers,", StringComparison.Ordinal));
        Assert.Equal(["missing_at_tiki", "amount_differs"], mismatches.GetMeasurementSnapshot().Select(m => (string)m.Tags["tikivip.reconciliation.difference"]!));
        Assert.Equal(HealthStatus.Degraded, (await HealthAsync(instance, hoursAfterRunTime: 3)).Status);
        await using (var opened = instance.Job.OpenReport(matched))
        {
            Assert.Equal(2, await ReconciliationReport.ReadAsync(opened!).CountAsync()); // what a status page shows
        }

        var elsewhere = Instance(); // another instance: its own work directory, where this report is not
        Assert.Null(elsewhere.Job.OpenReport(matched));
        var outside = Path.Combine(Path.GetTempPath(), $"tikivip-not-a-report-{Guid.NewGuid():N}.csv");
        File.Copy(matched.ReportPath!, outside);
        try
        {
            // A path recorded outside the job's reports folder (an edited row, "../") is never opened.
            Assert.Null(instance.Job.OpenReport(matched with { ReportPath = outside }));
            Assert.Null(instance.Job.OpenReport(matched with { ReportPath = Path.Combine(instance.WorkDirectory, "reports", "..", "..", Path.GetFileName(outside)) }));
        }
        finally
        {
            File.Delete(outside);
        }

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(await instance.Job.RunDueAsync()); // the same result files: not compared again

        await WriteTikiFileAsync(result, tikiRows); // Tiki regenerates the file, now right
        File.SetLastWriteTimeUtc(result, File.GetLastWriteTimeUtc(result).AddMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(30));
        var clean = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal((ReconciliationRunState.Matched, 0L), (clean.State, clean.Mismatches));
        Assert.Single(await File.ReadAllLinesAsync(clean.ReportPath!)); // the header only
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(instance, hoursAfterRunTime: 3)).Status);
        Assert.Equal(3, _source.Calls[Nov21]); // one delivery, two comparisons
    }

    [SftpFact]
    public async Task A_result_file_that_cannot_be_read_fails_the_comparison_not_the_delivery()
    {
        var instance = Instance();
        await instance.Job.RunDueAsync();
        await File.WriteAllTextAsync(Path.Combine(SftpServer.Outbound, $"tikivip_{_partner}_20261121_result.csv"), "not,a,reconciliation,file\r\n");

        _clock.Advance(TimeSpan.FromMinutes(30));
        var failed = Assert.Single(await instance.Job.RunDueAsync());

        Assert.Equal(ReconciliationRunState.Failed, failed.State);
        Assert.True(failed.IsDelivered);
        Assert.StartsWith($"Failed while comparing Tiki's results: Tiki's result file tikivip_{_partner}_20261121_result.csv: The header does not follow the layout (4 columns instead of 6)", failed.Error);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(instance, hoursAfterRunTime: 3)).Status); // delivered is what counts
        Assert.Empty(Directory.GetFiles(Path.Combine(instance.WorkDirectory, "reports"), ".*"));
    }

    [SftpFact]
    public async Task The_health_check_is_unhealthy_once_yesterdays_file_is_overdue_and_healthy_when_it_is_delivered()
    {
        var instance = Instance();
        _clock.Advance(TimeSpan.FromMinutes(119)); // 02:59, within the 2 h grace period: the 20th is what must be there

        var early = await HealthAsync(instance, hoursAfterRunTime: null);
        Assert.Equal(HealthStatus.Unhealthy, early.Status);
        Assert.Equal("2026-11-20", early.Data["date"]);
        Assert.Contains("the job has not run for that day", early.Description);

        await instance.Job.RunDayAsync(new DateOnly(2026, 11, 20));
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(instance, hoursAfterRunTime: null)).Status);
        _clock.SetUtcNow(At(new DateOnly(2026, 11, 23), 3, 1)); // the 22nd is overdue now
        var overdue = await HealthAsync(instance, hoursAfterRunTime: null);
        Assert.Equal(HealthStatus.Unhealthy, overdue.Status);
        Assert.Equal("2026-11-22", overdue.Data["date"]);
    }

    [SftpFact]
    public async Task An_undelivered_day_beyond_the_catch_up_window_is_left_to_a_person_and_said_once_a_day()
    {
        var store = new InMemoryReconciliationRunStore();
        var old = new DateOnly(2026, 11, 10);
        await store.TryAcquireAsync(_partner, old, "an earlier instance", _clock.GetUtcNow(), _clock.GetUtcNow(), default);
        await store.SaveAsync(new ReconciliationRun { PartnerName = _partner, Date = old, State = ReconciliationRunState.Failed, Error = "disk full" }, "an earlier instance", default);
        var instance = Instance(store: store);

        await instance.Job.RunDueAsync();
        _clock.Advance(TimeSpan.FromMinutes(30));
        await instance.Job.RunDueAsync();

        Assert.DoesNotContain(old, _source.Calls.Keys);
        var warnings = instance.Logs.GetSnapshot().Where(l => l.Id.Name == "ReconciliationDaysTooOld").ToList();
        Assert.Contains("First: 11/10/2026", Assert.Single(warnings).Message, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromDays(1));
        await instance.Job.RunDueAsync();
        Assert.Equal(2, instance.Logs.GetSnapshot().Count(l => l.Id.Name == "ReconciliationDaysTooOld"));
    }

    [SftpFact]
    public async Task RunDayAsync_delivers_a_day_outside_the_catch_up_window_and_refuses_a_day_not_over()
    {
        var instance = Instance();

        var old = await instance.Job.RunDayAsync(new DateOnly(2026, 10, 1));

        Assert.Equal(ReconciliationRunState.Uploaded, old!.State);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => instance.Job.RunDayAsync(new DateOnly(2026, 11, 22)));
    }

    [SftpFact]
    public async Task The_hosted_service_runs_at_start_and_again_when_the_clock_in_Vietnam_reaches_the_run_time()
    {
        _clock = new FakeTimeProvider(At(new DateOnly(2026, 11, 22), 0, 30));
        var instance = Instance();
        var service = instance.Provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Microsoft.Extensions.Hosting.BackgroundService>().Single();

        await service.StartAsync(default);
        await WaitForRunAsync(instance, new DateOnly(2026, 11, 20)); // at start: the latest day due before 01:00
        Assert.DoesNotContain(new DateOnly(2026, 11, 21), _source.Calls.Keys);
        _clock.SetUtcNow(At(new DateOnly(2026, 11, 22), 1, 0)); // the run time comes (while the service waits, or still checks Tiki's results), and the clock stops there
        await WaitForRunAsync(instance, Nov21); // delivered because the run time came, not at a later check
        await service.StopAsync(default);

        Assert.Equal(At(new DateOnly(2026, 11, 22), 1, 0), _clock.GetUtcNow());
    }

    [Fact]
    public void Invalid_options_fail_naming_every_setting()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; })
            .AddReconciliation<DaySource.Scoped>(o => { o.PartnerName = "AC ME"; o.RunAt = TimeSpan.FromHours(25); o.MaxCatchUpDays = 0; })
            .UseSftp();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReconciliationJobOptions>>().Value);
        var sftp = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReconciliationSftpOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("PartnerName 'AC ME'", StringComparison.Ordinal));
        Assert.Contains(sftp.Failures, f => f.StartsWith("TikiVip:Reconciliation:Sftp: Host is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:Reconciliation:WorkDirectory is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:Reconciliation:RunAt", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("TikiVip:Reconciliation:MaxCatchUpDays", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_agreement_with_unknown_names_is_refused_at_start_up_with_every_problem_named()
    {
        // The binder once stopped at the first value it could not convert, hiding every other problem.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:Reconciliation:PartnerName"] = "ACME",
            ["TikiVip:Reconciliation:WorkDirectory"] = "/var/lib/tikivip",
            ["TikiVip:Reconciliation:RunAt"] = "soon",
            ["TikiVip:Reconciliation:MaxCatchUpDays"] = "a week",
            ["TikiVip:Reconciliation:DateBasis"] = "PaidAt",
            ["TikiVip:Reconciliation:Layout:Delimiter"] = ";",
            ["TikiVip:Reconciliation:Layout:Columns:0:Name"] = "tiki_transaction_id",
            ["TikiVip:Reconciliation:Layout:Columns:0:Field"] = "TikiTransactionId",
            ["TikiVip:Reconciliation:Layout:Columns:1:Name"] = "so_tien",
            ["TikiVip:Reconciliation:Layout:Columns:1:Field"] = "SoTien",
            ["TikiVip:Reconciliation:Layout:Columns:2:Name"] = "transaction_amount",
            ["TikiVip:Reconciliation:Layout:Columns:2:Field"] = "Amount",
            ["TikiVip:Reconciliation:Layout:Columns:3:Name"] = "transaction_amount_2",
            ["TikiVip:Reconciliation:Layout:Columns:3:Field"] = "Amount",
            ["TikiVip:Reconciliation:Layout:StatusNames:Success"] = "THANH;CONG",
            ["TikiVip:Reconciliation:Layout:LineEnding"] = "CR",
            ["TikiVip:Reconciliation:Layout:Header"] = "yes",
            ["TikiVip:Reconciliation:Results:Mode"] = "Everything",
            ["TikiVip:Reconciliation:Results:Layout:Columns:0:Field"] = "KetQua",
            ["TikiVip:Reconciliation:Results:Layout:UtcOffset"] = "+07:00",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; })
            .AddReconciliation<DaySource.Scoped>(configuration.GetSection("TikiVip:Reconciliation"))
            .UseSftp(o => { o.Host = "sftp.example-tiki-host"; o.Username = "u"; o.Password = "p"; o.HostKeySha256 = ["SHA256:abc"]; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReconciliationJobOptions>>().Value);

        string[] expected =
        [
            "TikiVip:Reconciliation:RunAt 'soon' is not a duration",
            "TikiVip:Reconciliation:MaxCatchUpDays 'a week' is not a whole number",
            "TikiVip:Reconciliation:DateBasis 'PaidAt' is not one of CreatedAt, UpdatedAt",
            "TikiVip:Reconciliation:Layout: Columns[1].Field 'SoTien' is not a field: use TikiTransactionId",
            "TikiVip:Reconciliation:Layout: Columns[3].Field 'Amount' appears twice",
            "TikiVip:Reconciliation:Layout: StatusNames:Success 'THANH;CONG' holds the delimiter",
            "TikiVip:Reconciliation:Layout: LineEnding 'CR' is not one of CrLf, Lf",
            "TikiVip:Reconciliation:Layout: Header 'yes' is not true or false",
            "TikiVip:Reconciliation:Results:Mode 'Everything' is not one of Exceptions, FullDay",
            "TikiVip:Reconciliation:Results:Layout: Columns[0].Field 'KetQua' is not a field",
            "TikiVip:Reconciliation:Results:Layout: UtcOffset '+07:00' is not a duration",
        ];
        foreach (var problem in expected)
        {
            Assert.Contains(ex.Failures, f => f.StartsWith(problem, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(ex.Failures, f => f.Contains("is not set", StringComparison.Ordinal)); // the unknown field is not also "missing"
        Assert.DoesNotContain(ex.Failures, f => f.Contains("has no TikiTransactionId", StringComparison.Ordinal));
    }

    [Fact]
    public void The_options_bind_from_a_configuration_section_as_the_readme_shows()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TikiVip:Reconciliation:PartnerName"] = "ACME",
            ["TikiVip:Reconciliation:WorkDirectory"] = "/var/lib/tikivip",
            ["TikiVip:Reconciliation:RunAt"] = "01:30:00",
            ["TikiVip:Reconciliation:Layout:Columns:0:Name"] = "Mã giao dịch Tiki",
            ["TikiVip:Reconciliation:Layout:Columns:0:Field"] = "TikiTransactionId",
            ["TikiVip:Reconciliation:Layout:Columns:1:Name"] = "Kênh",
            ["TikiVip:Reconciliation:Layout:Columns:1:Field"] = "Extra",
            ["TikiVip:Reconciliation:Layout:Columns:1:ExtraKey"] = "channel",
            ["TikiVip:Reconciliation:Layout:TimestampFormat"] = "LocalDateTime",
            ["TikiVip:Reconciliation:Layout:Delimiter"] = ";",
            ["TikiVip:Reconciliation:Results:Mode"] = "FullDay",
            ["TikiVip:Reconciliation:Results:FileName"] = "RESULT_{partner}_{date:ddMMyyyy}_{n}.csv",
            ["TikiVip:Reconciliation:Results:Layout:Columns:0:Name"] = "id",
            ["TikiVip:Reconciliation:Results:Layout:Columns:0:Field"] = "TikiTransactionId",
            ["TikiVip:Reconciliation:Results:Layout:Columns:1:Name"] = "ly_do",
            ["TikiVip:Reconciliation:Results:Layout:Columns:1:Field"] = "Reason",
            ["TikiVip:Reconciliation:Sftp:Host"] = "sftp.example-tiki-host",
            ["TikiVip:Reconciliation:Sftp:Username"] = "acme",
            ["TikiVip:Reconciliation:Sftp:PrivateKeyPath"] = "/run/secrets/tiki-sftp-key",
            ["TikiVip:Reconciliation:Sftp:Password"] = "acme-secret",
            ["TikiVip:Reconciliation:Sftp:HostKeySha256:0"] = "SHA256:abc",
            ["TikiVip:Reconciliation:Sftp:HostKeySha256:1"] = "SHA256:def",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; })
            .AddReconciliation<DaySource.Scoped>(configuration.GetSection("TikiVip:Reconciliation"), o => o.CheckInterval = TimeSpan.FromMinutes(5))
            .UseSftp(); // binds TikiVip:Reconciliation:Sftp
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ReconciliationJobOptions>>().Value;
        var sftp = provider.GetRequiredService<IOptions<ReconciliationSftpOptions>>().Value;

        Assert.Equal(("ACME", "/var/lib/tikivip", TimeSpan.FromMinutes(90)), (options.PartnerName, options.WorkDirectory, options.RunAt));
        Assert.Equal(("Kênh", ReconciliationField.Extra, "channel"), (options.Layout.Columns[1].Name, options.Layout.Columns[1].Field, options.Layout.Columns[1].ExtraKey));
        Assert.Equal(("LocalDateTime", ";"), (options.Layout.TimestampFormat, options.Layout.Delimiter));
        Assert.Equal((TikiVip.Sdk.Reconciliation.Matching.ReconciliationMatchMode.FullDay, "RESULT_{partner}_{date:ddMMyyyy}_{n}.csv"), (options.Results.Mode, options.Results.FileName));
        Assert.Equal(ReconciliationField.Reason, options.Results.Layout.Columns[1].Field);
        Assert.Equal(["SHA256:abc", "SHA256:def"], sftp.HostKeySha256);
        Assert.Equal(("sftp.example-tiki-host", 22, "/IF_TIKI_VIP/INBOUND"), (sftp.Host, sftp.Port, sftp.InboundPath));
        Assert.Equal(TimeSpan.FromMinutes(5), options.CheckInterval);
        Assert.IsType<InMemoryReconciliationRunStore>(provider.GetRequiredService<IReconciliationRunStore>()); // no PostgreSQL: one instance
        Assert.IsType<ReconciliationSftpClient>(provider.GetRequiredService<TikiVip.Sdk.Reconciliation.Delivery.IReconciliationTransport>());
        Assert.Equal("acme-secret", sftp.Password);
        Assert.DoesNotContain("acme-secret", sftp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_a_transport_says_what_to_call()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; })
            .AddReconciliation<DaySource.Scoped>(o => { o.PartnerName = "ACME"; o.WorkDirectory = "/tmp/x"; });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ReconciliationJob>());

        Assert.Contains(".UseSftp(", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IReconciliationTransport", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_delivers_and_compares_through_any_transport_without_ssh()
    {
        // A transport of the partner's own (here a folder standing in for Tiki): the seam the job depends on.
        var tiki = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tikivip-transport-" + Guid.NewGuid().ToString("N"))).FullName;
        var transport = new FolderTransport(tiki);
        await using var instance = JobHarness.Create(JobHarness.NewPartner(), _clock, _source, configure: b => b.Services.AddSingleton<TikiVip.Sdk.Reconciliation.Delivery.IReconciliationTransport>(transport));

        var run = await instance.Job.RunDayAsync(Nov21);

        Assert.Equal(ReconciliationRunState.Uploaded, run!.State);
        Assert.Equal(run.Files.Select(f => f.Name), transport.Delivered);
        Assert.All(run.Files, f => Assert.True(File.Exists(Path.Combine(tiki, f.Name))));
    }

    private sealed class FolderTransport(string folder) : TikiVip.Sdk.Reconciliation.Delivery.IReconciliationTransport
    {
        public List<string> Delivered { get; } = [];

        public Task<IReadOnlyList<TikiVip.Sdk.Reconciliation.Delivery.DeliveredFile>> DeliverAsync(string directory, ReconciliationResult files, CancellationToken cancellationToken)
        {
            var delivered = new List<TikiVip.Sdk.Reconciliation.Delivery.DeliveredFile>();
            foreach (var file in files.Files)
            {
                File.Copy(Path.Combine(directory, file.Name), Path.Combine(folder, file.Name), overwrite: true);
                Delivered.Add(file.Name);
                delivered.Add(new(file.Name, Path.Combine(folder, file.Name), file.ByteCount, file.Sha256, alreadyPresent: false));
            }

            return Task.FromResult<IReadOnlyList<TikiVip.Sdk.Reconciliation.Delivery.DeliveredFile>>(delivered);
        }

        public Task<IReadOnlyList<TikiVip.Sdk.Reconciliation.Delivery.FetchedFile>> FetchResultsAsync(string localDirectory, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TikiVip.Sdk.Reconciliation.Delivery.FetchedFile>>([]);
    }

    [Fact]
    public void AddReconciliation_twice_is_refused()
    {
        var builder = new ServiceCollection().AddTikiVip(o => { o.ClientId = "c"; o.ClientSecret = "s"; });
        builder.AddReconciliation<DaySource.Scoped>(_ => { });

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddReconciliation<DaySource.Scoped>(_ => { }));

        Assert.Contains("already called", ex.Message);
    }

    internal static DateTimeOffset At(DateOnly day, int hour, int minute) =>
        new(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7));

    private JobHarness Instance(IReconciliationRunStore? store = null, string? workDirectory = null, Action<ReconciliationJobOptions>? options = null)
    {
        var instance = JobHarness.Create(_partner, _clock, _source, workDirectory, options: options, configure: b =>
        {
            if (store is not null)
            {
                b.Services.AddSingleton(store);
            }

            b.Services.AddHealthChecks().AddTikiVipReconciliation();
        });
        _instances.Add(instance);
        return instance;
    }

    private async Task<HealthReportEntry> HealthAsync(JobHarness instance, int? hoursAfterRunTime)
    {
        if (hoursAfterRunTime is { } hours && At(new DateOnly(2026, 11, 22), 1 + hours, 0) is var target && _clock.GetUtcNow() < target)
        {
            _clock.SetUtcNow(target);
        }

        var report = await instance.Provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["tikivip-reconciliation"];
    }

    /// <summary>Waits (in real time, a few seconds at most) for the day to be delivered, moving the fake clock a minute at a time if asked.</summary>
    private static async Task WaitForRunAsync(JobHarness instance, DateOnly day)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await instance.Job.GetRunsAsync(day, day) is [{ IsDelivered: true }])
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"{day} was not delivered.");
    }

    private static ReconciliationRecord Amount(ReconciliationRecord record, long amount) => new()
    {
        TikiTransactionId = record.TikiTransactionId, TransactionId = record.TransactionId, Amount = amount,
        Status = record.Status, CreatedAt = record.CreatedAt, UpdatedAt = record.UpdatedAt,
    };

    private static async Task WriteTikiFileAsync(string path, IEnumerable<ReconciliationRecord> rows)
    {
        var lines = rows.Select(r => $"{r.TikiTransactionId},{r.TransactionId},{r.Amount},SUCCESS,{r.CreatedAt:yyyy-MM-dd'T'HH:mm:sszzz},{r.UpdatedAt:yyyy-MM-dd'T'HH:mm:sszzz}");
        await File.WriteAllTextAsync(path, string.Join("\r\n", ["tiki_transaction_id,transaction_id,transaction_amount,status,created_at,updated_at", .. lines]) + "\r\n");
    }
}
