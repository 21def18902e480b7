using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// Tiki's answers: fetches new or rewritten result files through the <see cref="IReconciliationTransport"/>,
/// assigns them to days by name, and compares each changed day with the partner's records into a report.
/// </summary>
internal sealed class ResultComparison
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IReconciliationRunStore _store;
    private readonly IReconciliationTransport _transport;
    private readonly ReconciliationJobOptions _options;
    private readonly TimeProvider _time;
    private readonly ReconciliationJobMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _owner;

    public ResultComparison(
        IServiceScopeFactory scopes, IReconciliationRunStore store, IReconciliationTransport transport, ReconciliationJobOptions options,
        TimeProvider time, ReconciliationJobMetrics metrics, ILogger logger, string owner)
    {
        _scopes = scopes;
        _store = store;
        _transport = transport;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _owner = owner;
    }

    public async Task<IReadOnlyList<ReconciliationRun>> CheckResultsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var today = VietnamCalendar.Today(now);
        // By upload time, not by date: a day delivered by hand (RunDayAsync) may be long past, so a year is read.
        var awaiting = (await _store.GetRunsAsync(_options.PartnerName, today.AddDays(-366), today, cancellationToken).ConfigureAwait(false))
            .Where(r => r.UploadedAt is { } uploaded && now - uploaded <= _options.ResultWindow)
            .ToList();
        if (awaiting.Count == 0)
        {
            return [];
        }

        var outbound = Path.Combine(_options.WorkDirectory, "outbound");
        try
        {
            await _transport.FetchResultsAsync(outbound, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What was fetched before is still compared below.
            ReconciliationJobLog.FetchFailed(_logger, ex);
        }

        var answers = DayAnswers(outbound);
        var touched = new List<ReconciliationRun>();
        foreach (var run in awaiting)
        {
            if (answers.TryGetValue(run.Date, out var answer) && Fingerprint(answer.Files) is var fingerprint && fingerprint != run.ResultFingerprint
                && await MatchAsync(run.Date, answer, fingerprint, again: false, cancellationToken).ConfigureAwait(false) is { } matched)
            {
                touched.Add(matched);
            }
        }

        return touched;
    }

    /// <summary>
    /// Fetches Tiki's results now and compares one day again even if its answer has not changed (the partner's
    /// records were fixed, or a report was lost). A failed fetch is thrown, not logged: a person is waiting for it.
    /// </summary>
    public async Task<ReconciliationRun?> FetchAndCompareAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var outbound = Path.Combine(_options.WorkDirectory, "outbound");
        await _transport.FetchResultsAsync(outbound, cancellationToken).ConfigureAwait(false);
        if (!DayAnswers(outbound).TryGetValue(date, out var answer))
        {
            throw new InvalidOperationException(
                $"Tiki's server has no result file for {date:yyyy-MM-dd} yet (looked for names like '{_options.Results.FileName}'); nothing was compared.");
        }

        return await MatchAsync(date, answer, Fingerprint(answer.Files), again: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each day's answer among Tiki's files, by the rule the CLI applies too (<see cref="ReconciliationResultFiles.SelectAnswers"/>).</summary>
    private Dictionary<DateOnly, ReconciliationDayAnswer> DayAnswers(string outbound) =>
        !Directory.Exists(outbound)
            ? []
            : ReconciliationResultFiles.SelectAnswers(new DirectoryInfo(outbound).EnumerateFiles().Where(f => !f.Name.StartsWith('.')), _options.Results, _options.PartnerName)
                .ToDictionary(answer => answer.Date);

    private async Task<ReconciliationRun?> MatchAsync(DateOnly date, ReconciliationDayAnswer answer, string fingerprint, bool again, CancellationToken cancellationToken)
    {
        var (lease, run) = await DayLease.AcquireAsync(_store, _options.PartnerName, date, _owner, _time, _options.LeaseDuration, _logger, cancellationToken).ConfigureAwait(false);
        if (lease is null || run is null)
        {
            ReconciliationJobLog.HeldElsewhere(_logger, date);
            return null;
        }

        await using (lease.ConfigureAwait(false))
        {
            if ((run.ResultFingerprint == fingerprint && !again) || !run.IsDelivered)
            {
                return run; // compared meanwhile by another instance
            }

            var started = _time.GetTimestamp();
            try
            {
                var setName = ReconciliationJob.FileOptions(_options, date).SetName;
                if (answer.Superseded.Count > 0)
                {
                    var read = string.Join(", ", answer.Files.Select(f => f.Name));
                    var superseded = string.Join(", ", answer.Superseded.Select(f => f.Name));
                    ReconciliationJobLog.ResultsSuperseded(_logger, date, read, superseded);
                }

                var reports = Path.Combine(_options.WorkDirectory, ReconciliationJob.ReportsFolder);
                Directory.CreateDirectory(reports);
                var reportPath = Path.Combine(reports, setName + ".mismatches.csv");
                var temporary = Path.Combine(reports, $".{setName}.mismatches.csv.{Guid.NewGuid():N}.partial");
                ReconciliationMatchSummary summary;
                try
                {
                    var scope = _scopes.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        var source = scope.ServiceProvider.GetRequiredService<IReconciliationSource>();
                        var matcher = new ReconciliationMatcher(_options.Results.Mode, temporaryDirectory: Path.Combine(_options.WorkDirectory, "tmp"));
                        var report = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                        await using (report.ConfigureAwait(false))
                        {
                            summary = await matcher.MatchToCsvAsync(source.GetRecordsAsync(date, lease.Token), ReconciliationResultFiles.ReadAsync(answer, _options.Results, lease.Token), report, lease.Token).ConfigureAwait(false);
                        }
                    }

                    File.Move(temporary, reportPath, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }

                var mismatches = summary.Mismatches;
                run = run with
                {
                    State = ReconciliationRunState.Matched, MatchedAt = _time.GetUtcNow(), ResultFingerprint = fingerprint,
                    Mismatches = mismatches, ReportPath = reportPath, Error = null, UpdatedAt = _time.GetUtcNow(),
                };
                await lease.SaveAsync(run).ConfigureAwait(false);
                _metrics.RecordStep(ReconciliationStep.Comparing.MetricName(), _time.GetElapsedTime(started), null);
                _metrics.CountMismatches(summary);
                if (summary.IsClean)
                {
                    ReconciliationJobLog.ResultsMatch(_logger, date, summary.PartnerRows);
                }
                else
                {
                    ReconciliationJobLog.Mismatches(_logger, date, mismatches, summary.ReportedByTiki, summary.MissingAtTiki, summary.MissingAtPartner, summary.AmountDiffers, summary.StatusDiffers, summary.Duplicates, summary.VerdictDiffers, reportPath);
                }

                return run;
            }
            catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.RecordStep(ReconciliationStep.Comparing.MetricName(), _time.GetElapsedTime(started), ex);
                return await RunFailure.RecordAsync(lease, run, ReconciliationStep.Comparing, ex, _time, _logger).ConfigureAwait(false);
            }
        }
    }

    private static string Fingerprint(IEnumerable<FileInfo> files) =>
        string.Join("|", files.Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
}
