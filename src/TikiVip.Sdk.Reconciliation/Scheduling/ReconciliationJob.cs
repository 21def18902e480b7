using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Reconciliation.Delivery;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// The daily reconciliation: writes each day's files from <see cref="IReconciliationSource"/> and delivers them
/// through the <see cref="IReconciliationTransport"/> (<see cref="DayDelivery"/>), then fetches Tiki's results and
/// compares them (<see cref="ResultComparison"/>), recording every step in
/// <see cref="IReconciliationRunStore"/> so a restart resumes where the run stopped. A day is worked on by one
/// instance at a time, under a lease. The hosted service calls <see cref="RunDueAsync"/> at
/// <see cref="ReconciliationJobOptions.RunAt"/> and every <see cref="ReconciliationJobOptions.CheckInterval"/>;
/// an application may call it, or <see cref="RunDayAsync"/>, itself (e.g. from an admin endpoint).
/// </summary>
#pragma warning disable CA1001 // the semaphore's wait handle is never used, so it holds nothing to dispose
public sealed class ReconciliationJob
#pragma warning restore CA1001
{
    private readonly IReconciliationRunStore _store;
    private readonly ReconciliationJobOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DayDelivery _delivery;
    private readonly ResultComparison _comparison;
    private readonly SemaphoreSlim _oneCheckAtATime = new(1, 1);
    private DateOnly _tooOldWarnedFor;

    internal ReconciliationJob(
        IServiceScopeFactory scopes, IReconciliationRunStore store, IReconciliationTransport transport, IOptions<ReconciliationJobOptions> options,
        TimeProvider time, ReconciliationJobMetrics metrics, ILoggerFactory loggers)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = loggers.CreateLogger<ReconciliationJob>();
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        _delivery = new DayDelivery(scopes, store, transport, _options, time, metrics, _logger, Owner);
        _comparison = new ResultComparison(scopes, store, transport, _options, time, metrics, _logger, Owner);
    }

    /// <summary>Where, in <see cref="ReconciliationJobOptions.WorkDirectory"/>, the comparison writes its mismatch reports.</summary>
    internal const string ReportsFolder = "reports";

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

                if (await _delivery.DeliverAsync(date, cancellationToken).ConfigureAwait(false) is { } run)
                {
                    touched.Add(run);
                }
            }

            touched.AddRange(await _comparison.CheckResultsAsync(cancellationToken).ConfigureAwait(false));
            return touched;
        }
        finally
        {
            _oneCheckAtATime.Release();
        }
    }

    /// <summary>Today in Vietnam by the job's clock: the days before it are over and can be delivered.</summary>
    public DateOnly Today => VietnamCalendar.Today(_time.GetUtcNow());

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
        var today = Today;
        if (date >= today)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"{date:yyyy-MM-dd} is not over yet in Vietnam (today is {today:yyyy-MM-dd}); only past days can be delivered.");
        }

        await _oneCheckAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _delivery.DeliverAsync(date, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneCheckAtATime.Release();
        }
    }

    /// <summary>
    /// Fetches Tiki's result files now and compares one delivered day with the partner's records again, even when
    /// Tiki's answer has not changed (e.g. after the partner's records were fixed, or when the report was lost
    /// with an instance's work directory). The day's report and mismatch count are replaced.
    /// </summary>
    /// <param name="date">The day, in Vietnam time; it must have been delivered.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The run as recorded afterwards (its <see cref="ReconciliationRun.State"/> says whether the comparison failed), or <see langword="null"/> when another instance holds the day now.</returns>
    /// <exception cref="InvalidOperationException">The day was not delivered, or Tiki's server has no result file for it.</exception>
    /// <remarks>A failure to fetch (Tiki's server unreachable, refused credentials) is thrown as the transport reports it.</remarks>
    public async Task<ReconciliationRun?> FetchResultsAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var runs = await _store.GetRunsAsync(_options.PartnerName, date, date, cancellationToken).ConfigureAwait(false);
        if (runs is not [{ IsDelivered: true }, ..])
        {
            throw new InvalidOperationException($"{date:yyyy-MM-dd} has not been delivered to Tiki, so there is no result of Tiki's to fetch for it; deliver the day first.");
        }

        await _oneCheckAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _comparison.FetchAndCompareAsync(date, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Opens a day's mismatch report (<see cref="ReconciliationRun.ReportPath"/>, CSV as
    /// <see cref="Matching.ReconciliationReport"/> writes and reads it), e.g. for a status page to show or offer for download.
    /// </summary>
    /// <param name="run">A run as <see cref="GetRunsAsync"/> returned it.</param>
    /// <returns>
    /// The report, for reading (the caller disposes it); <see langword="null"/> when the run has none, or when it is not
    /// on this instance (each instance writes its reports in its own work directory, and only a report in this
    /// job's <see cref="ReconciliationJobOptions.WorkDirectory"/> is opened).
    /// </returns>
    public Stream? OpenReport(ReconciliationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        // Only a report this job wrote: a path recorded elsewhere (another instance's folder, an edited row) is not opened.
        var reports = Path.GetFullPath(Path.Combine(_options.WorkDirectory, ReportsFolder)) + Path.DirectorySeparatorChar;
        if (run.ReportPath is not { } recorded || Path.GetFullPath(recorded) is var path && !path.StartsWith(reports, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The latest day whose delivery is overdue at <paramref name="now"/> by more than the grace period (for the health check).</summary>
    internal DateOnly DeliveryDueDay(DateTimeOffset now) => VietnamCalendar.LatestDueDay(now - _options.DeliveryGracePeriod, _options.RunAt);

    internal static ReconciliationOptions FileOptions(ReconciliationJobOptions options, DateOnly date) => new()
    {
        PartnerName = options.PartnerName,
        Date = date,
        Layout = options.Layout ?? new(),
        DateBasis = options.DateBasis,
    };
}
