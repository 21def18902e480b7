using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Delivery;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// The daily reconciliation: writes each day's files from <see cref="IReconciliationSource"/>, uploads them to
/// Tiki's SFTP server, then fetches Tiki's results and compares them, recording every step in
/// <see cref="IReconciliationRunStore"/> so a restart resumes where the run stopped. A day is worked on by one
/// instance at a time, under a lease. The hosted service calls <see cref="RunDueAsync"/> at
/// <see cref="ReconciliationJobOptions.RunAt"/> and every <see cref="ReconciliationJobOptions.CheckInterval"/>;
/// an application may call it, or <see cref="RunDayAsync"/>, itself (e.g. from an admin endpoint).
/// </summary>
#pragma warning disable CA1001 // the semaphore's wait handle is never used, so it holds nothing to dispose
public sealed class ReconciliationJob
#pragma warning restore CA1001
{
    private const int ErrorLength = 2_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly IReconciliationRunStore _store;
    private readonly ReconciliationJobOptions _options;
    private readonly IReconciliationTransport _transport;
    private readonly TimeProvider _time;
    private readonly ReconciliationJobMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneCheckAtATime = new(1, 1);
    private readonly Func<string, DateOnly?> _resultFileDate;
    private DateOnly _tooOldWarnedFor;

    internal ReconciliationJob(
        IServiceScopeFactory scopes, IReconciliationRunStore store, IReconciliationTransport transport, IOptions<ReconciliationJobOptions> options,
        TimeProvider time, ReconciliationJobMetrics metrics, ILoggerFactory loggers)
    {
        _scopes = scopes;
        _store = store;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = loggers.CreateLogger<ReconciliationJob>();
        _transport = transport;
        _resultFileDate = _options.ResultFileDate ?? DefaultResultFileDate(_options.PartnerName);
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>This instance's name in the run store's leases.</summary>
    internal string Owner { get; }

    /// <summary>
    /// Does what is due now: delivers every undelivered day from yesterday (once <see cref="ReconciliationJobOptions.RunAt"/>
    /// has passed) back as far as <see cref="ReconciliationJobOptions.MaxCatchUpDays"/> allows, then fetches and
    /// compares Tiki's results for the days delivered within <see cref="ReconciliationJobOptions.ResultWindow"/>.
    /// Failures are recorded on the day's run (and logged), not thrown.
    /// </summary>
    /// <param name="cancellationToken">Stops the work; a day cut short resumes at the next call, here or on another instance.</param>
    /// <returns>The runs this call worked on, as recorded afterwards.</returns>
    public async Task<IReadOnlyList<ReconciliationRun>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _oneCheckAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var touched = new List<ReconciliationRun>();
            var now = _time.GetUtcNow();
            var latest = VietnamCalendar.LatestDueDay(now, _options.RunAt);
            var recent = await _store.GetRunsAsync(_options.PartnerName, latest.AddDays(-31), latest, cancellationToken).ConfigureAwait(false);

            // A day before the first recorded one belongs to whatever delivered files before the job existed.
            var first = recent.Count > 0 ? recent[0].Date : latest;
            var windowStart = latest.AddDays(1 - _options.MaxCatchUpDays);
            var tooOld = recent.Where(r => r.Date < windowStart && !r.IsDelivered).ToList();
            if (tooOld.Count > 0 && _tooOldWarnedFor != latest)
            {
                // Once a day, not at every check: it needs a person, who needs telling, not flooding.
                _tooOldWarnedFor = latest;
                ReconciliationJobLog.DaysTooOld(_logger, tooOld.Count, windowStart, tooOld[0].Date);
            }

            for (var date = first > windowStart ? first : windowStart; date <= latest; date = date.AddDays(1))
            {
                if (recent.FirstOrDefault(r => r.Date == date) is { IsDelivered: true })
                {
                    continue;
                }

                if (await DeliverAsync(date, cancellationToken).ConfigureAwait(false) is { } run)
                {
                    touched.Add(run);
                }
            }

            touched.AddRange(await CheckResultsAsync(cancellationToken).ConfigureAwait(false));
            return touched;
        }
        finally
        {
            _oneCheckAtATime.Release();
        }
    }

    /// <summary>
    /// Delivers one day now, whatever the schedule and the catch-up window say (e.g. a day older than
    /// <see cref="ReconciliationJobOptions.MaxCatchUpDays"/>, after its data was fixed). A day already delivered
    /// is left as it is.
    /// </summary>
    /// <param name="date">The day, in Vietnam time; it must be over.</param>
    /// <param name="cancellationToken">Stops the work; it resumes at the next call.</param>
    /// <returns>The run as recorded afterwards (its <see cref="ReconciliationRun.State"/> says whether it failed), or <see langword="null"/> when another instance holds the day now.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="date"/> is today or later in Vietnam.</exception>
    public async Task<ReconciliationRun?> RunDayAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var today = VietnamCalendar.Today(_time.GetUtcNow());
        if (date >= today)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"{date:yyyy-MM-dd} is not over yet in Vietnam (today is {today:yyyy-MM-dd}); only past days can be delivered.");
        }

        await _oneCheckAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DeliverAsync(date, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneCheckAtATime.Release();
        }
    }

    /// <summary>The recorded runs of a range of days, e.g. for a status page.</summary>
    /// <param name="from">The first day, inclusive.</param>
    /// <param name="to">The last day, inclusive.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The runs, in date order; days never run are absent.</returns>
    public Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        _store.GetRunsAsync(_options.PartnerName, from, to, cancellationToken);

    /// <summary>The latest day whose delivery is overdue at <paramref name="now"/> by more than the grace period (for the health check).</summary>
    internal DateOnly DeliveryDueDay(DateTimeOffset now) => VietnamCalendar.LatestDueDay(now - _options.DeliveryGracePeriod, _options.RunAt);

    internal static ReconciliationOptions FileOptions(ReconciliationJobOptions options, DateOnly date) => new()
    {
        PartnerName = options.PartnerName,
        Date = date,
        UtcOffset = VietnamCalendar.Offset,
        MaxRowsPerFile = options.MaxRowsPerFile,
        FileExtension = options.FileExtension ?? "",
        ExtraColumns = [.. options.ExtraColumns ?? []],
        DateBasis = options.DateBasis,
        TimestampFormat = options.TimestampFormat,
    };

    private async Task<ReconciliationRun?> DeliverAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var (lease, run) = await DayLease.AcquireAsync(_store, _options.PartnerName, date, Owner, _time, _options.LeaseDuration, _logger, cancellationToken).ConfigureAwait(false);
        if (lease is null || run is null)
        {
            ReconciliationJobLog.HeldElsewhere(_logger, date);
            return null;
        }

        await using (lease.ConfigureAwait(false))
        {
            if (run.IsDelivered)
            {
                return run;
            }

            var step = "writing the files";
            var started = _time.GetTimestamp();
            try
            {
                var directory = Path.Combine(_options.WorkDirectory, "inbound", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
                var written = await ReuseWrittenAsync(directory, run, lease.Token).ConfigureAwait(false);
                if (written is null)
                {
                    written = await WriteAsync(directory, date, lease.Token).ConfigureAwait(false);
                    var elapsed = _time.GetElapsedTime(started);
                    _metrics.RecordStep("write", elapsed, null);
                    _metrics.Rows.Add(written.TotalRows);
                    var bytes = written.Files.Sum(f => f.ByteCount);
                    ReconciliationJobLog.Written(_logger, date, written.Files.Count, written.TotalRows, bytes, (long)elapsed.TotalMilliseconds);
                    run = run with { State = ReconciliationRunState.Written, Files = written.Files, WrittenAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow() };
                    await lease.SaveAsync(run).ConfigureAwait(false);
                }

                step = "uploading to Tiki's SFTP server";
                started = _time.GetTimestamp();
                var uploads = await _transport.DeliverAsync(directory, written, lease.Token).ConfigureAwait(false);
                var sent = uploads.Where(u => !u.AlreadyPresent).Sum(u => u.ByteCount);
                _metrics.RecordStep("upload", _time.GetElapsedTime(started), null);
                _metrics.Bytes.Add(sent);
                run = run with { State = ReconciliationRunState.Uploaded, UploadedAt = _time.GetUtcNow(), Error = null, UpdatedAt = _time.GetUtcNow() };
                await lease.SaveAsync(run).ConfigureAwait(false);
                var alreadyPresent = uploads.Count(u => u.AlreadyPresent);
                ReconciliationJobLog.Delivered(_logger, date, uploads.Count, sent, alreadyPresent);
                return run;
            }
            catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
            {
                return null; // the new owner carries on from what was recorded
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.RecordStep(step.StartsWith("writing", StringComparison.Ordinal) ? "write" : "upload", _time.GetElapsedTime(started), ex);
                return await RecordFailureAsync(lease, run, step, ex).ConfigureAwait(false);
            }
        }
    }

    private async Task<ReconciliationResult> WriteAsync(string directory, DateOnly date, CancellationToken cancellationToken)
    {
        var options = FileOptions(_options, date);
        RemoveUnpublished(directory, options.SetName);
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var source = scope.ServiceProvider.GetRequiredService<IReconciliationSource>();
            return await new ReconciliationFileWriter(options)
                .WriteAsync(source.GetRecordsAsync(date, cancellationToken), new ReconciliationDirectorySink(directory), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The files an earlier attempt recorded, when they are still on this instance's disk byte for byte: uploading
    /// those (rather than rewriting) is what makes a crash between upload and recording harmless.
    /// </summary>
    private static async Task<ReconciliationResult?> ReuseWrittenAsync(string directory, ReconciliationRun run, CancellationToken cancellationToken)
    {
        if (run.Files.Count == 0)
        {
            return null;
        }

        foreach (var file in run.Files)
        {
            var path = Path.Combine(directory, file.Name);
            if (!File.Exists(path) || new FileInfo(path).Length != file.ByteCount)
            {
                return null;
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
                if (!string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
            }
        }

        return new ReconciliationResult(run.Files);
    }

    /// <summary>Removes the day's files that were written but never recorded (or no longer match), so the day can be written again.</summary>
    private static void RemoveUnpublished(string directory, string setName)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith(setName + "_", StringComparison.Ordinal)
                || (name.StartsWith("." + setName + "_", StringComparison.Ordinal) && name.EndsWith(".partial", StringComparison.Ordinal)))
            {
                File.Delete(path);
            }
        }
    }

    private async Task<IReadOnlyList<ReconciliationRun>> CheckResultsAsync(CancellationToken cancellationToken)
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

        var byDay = Directory.Exists(outbound)
            ? new DirectoryInfo(outbound).EnumerateFiles()
                .Where(f => !f.Name.StartsWith('.'))
                .Select(f => (File: f, Date: _resultFileDate(f.Name)))
                .Where(f => f.Date is not null)
                .GroupBy(f => f.Date!.Value)
                .ToDictionary(g => g.Key, g => g.Select(f => f.File).OrderBy(f => f.Name, StringComparer.Ordinal).ToList())
            : [];
        var touched = new List<ReconciliationRun>();
        foreach (var run in awaiting)
        {
            if (byDay.TryGetValue(run.Date, out var files) && Fingerprint(files) is var fingerprint && fingerprint != run.ResultFingerprint
                && await MatchAsync(run.Date, files, fingerprint, cancellationToken).ConfigureAwait(false) is { } matched)
            {
                touched.Add(matched);
            }
        }

        return touched;
    }

    private async Task<ReconciliationRun?> MatchAsync(DateOnly date, List<FileInfo> results, string fingerprint, CancellationToken cancellationToken)
    {
        var (lease, run) = await DayLease.AcquireAsync(_store, _options.PartnerName, date, Owner, _time, _options.LeaseDuration, _logger, cancellationToken).ConfigureAwait(false);
        if (lease is null || run is null)
        {
            ReconciliationJobLog.HeldElsewhere(_logger, date);
            return null;
        }

        await using (lease.ConfigureAwait(false))
        {
            if (run.ResultFingerprint == fingerprint || !run.IsDelivered)
            {
                return run; // compared meanwhile by another instance
            }

            var started = _time.GetTimestamp();
            try
            {
                var setName = FileOptions(_options, date).SetName;
                var reports = Path.Combine(_options.WorkDirectory, "reports");
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
                        var matcher = new ReconciliationMatcher(temporaryDirectory: Path.Combine(_options.WorkDirectory, "tmp"));
                        var report = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                        await using (report.ConfigureAwait(false))
                        {
                            summary = await matcher.MatchToCsvAsync(source.GetRecordsAsync(date, lease.Token), ReadAllAsync(results, lease.Token), report, lease.Token).ConfigureAwait(false);
                        }
                    }

                    File.Move(temporary, reportPath, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }

                var mismatches = summary.MissingAtTiki + summary.MissingAtPartner + summary.AmountDiffers + summary.StatusDiffers + summary.Duplicates;
                run = run with
                {
                    State = ReconciliationRunState.Matched, MatchedAt = _time.GetUtcNow(), ResultFingerprint = fingerprint,
                    Mismatches = mismatches, ReportPath = reportPath, Error = null, UpdatedAt = _time.GetUtcNow(),
                };
                await lease.SaveAsync(run).ConfigureAwait(false);
                _metrics.RecordStep("match", _time.GetElapsedTime(started), null);
                _metrics.CountMismatches(summary);
                if (summary.IsClean)
                {
                    ReconciliationJobLog.ResultsMatch(_logger, date, summary.PartnerRows);
                }
                else
                {
                    ReconciliationJobLog.Mismatches(_logger, date, mismatches, summary.MissingAtTiki, summary.MissingAtPartner, summary.AmountDiffers, summary.StatusDiffers, summary.Duplicates, reportPath);
                }

                return run;
            }
            catch (OperationCanceledException) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _metrics.RecordStep("match", _time.GetElapsedTime(started), ex);
                return await RecordFailureAsync(lease, run, "comparing Tiki's results", ex).ConfigureAwait(false);
            }
        }
    }

    private async Task<ReconciliationRun?> RecordFailureAsync(DayLease lease, ReconciliationRun run, string step, Exception exception)
    {
        var error = Describe(step, exception);
        run = run with { State = ReconciliationRunState.Failed, Error = error, FailedAttempts = run.FailedAttempts + 1, UpdatedAt = _time.GetUtcNow() };
        ReconciliationJobLog.Failed(_logger, run.Date, step, run.FailedAttempts, error, exception);
        try
        {
            await lease.SaveAsync(run).ConfigureAwait(false);
            return run;
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            return null;
        }
    }

    private static string Describe(string step, Exception exception)
    {
        var message = exception is ReconciliationException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
        var text = $"Failed while {step}: {message}";
        return text.Length <= ErrorLength ? text : text[..ErrorLength] + "...";
    }

    private static string Fingerprint(IEnumerable<FileInfo> files) =>
        string.Join("|", files.Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));

    private async IAsyncEnumerable<ReconciliationRecord> ReadAllAsync(List<FileInfo> files, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var records = ReconciliationFileReader.ReadAsync(stream, _options.TimestampFormat, VietnamCalendar.Offset, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (records.ConfigureAwait(false))
                {
                    while (true)
                    {
                        try
                        {
                            if (!await records.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }
                        }
                        catch (ReconciliationException ex)
                        {
                            // Name the file: a day may have several.
                            throw new ReconciliationException($"Tiki's result file {file.Name}: {ex.Message}", null, ex);
                        }

                        yield return records.Current;
                    }
                }
            }
        }
    }

    private static Func<string, DateOnly?> DefaultResultFileDate(string partnerName)
    {
        var pattern = new Regex($"_{Regex.Escape(partnerName)}_(\\d{{8}})(?![0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        return name => pattern.Match(name) is { Success: true } match
            && DateOnly.TryParseExact(match.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : null;
    }
}
