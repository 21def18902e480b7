using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// Delivers due IPNs through <see cref="ITikiVipClient"/> following Tiki's flow: submit (with the client's own
/// retries), back off and try again in later rounds, and after <see cref="TikiVipOutboxOptions.MaxAttempts"/>
/// rounds look the transaction up too. Only Tiki's own final answers, or <see cref="TikiVipOutboxOptions.DeliveryHorizon"/>,
/// hand an IPN to a person: failing to reach Tiki only delays it.
/// <para>
/// Up to <see cref="TikiVipOutboxOptions.MaxConcurrency"/> IPNs are in flight at once, each in a slot of its
/// own; free slots are filled by claiming due entries in one statement. A NOTIFY from the outbox's trigger wakes the
/// instance at once (coalesced: a burst of enqueues costs one wake-up per look, and none while every slot is busy);
/// polling remains for due retries and missed notifications.
/// </para>
/// <para>
/// When rounds keep failing to reach Tiki, Tiki is marked unreachable in a row every instance reads with its poll:
/// they stop claiming, and one probe at a time across all of them finds out when Tiki is back: the right to it is
/// held until its round settles, and the next one waits <see cref="ProbeSchedule"/> (at most
/// <see cref="TikiVipOutboxOptions.MaxProbeInterval"/>) from then. Then every IPN that waited is due at once and every
/// instance is woken. Calls to Tiki during an outage do not grow with the backlog.
/// </para>
/// </summary>
internal sealed partial class IpnOutboxDeliveryService : BackgroundService
{
    /// <summary>Rounds in a row on one instance that could not reach Tiki before it is marked unreachable for all.</summary>
    internal const int UnreachableRoundsToMarkDown = 3;

    private readonly PostgreSqlIpnOutbox outbox;
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<TikiVipPostgreSqlOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<IpnOutboxDeliveryService> logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly WakeSignal _wake = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly SemaphoreSlim _slots;
    private readonly Meter _meter;
    private int _notifications;
    private int _wakeUps;
    private int _backlog;
    private int _unreachableRounds;
    private long _tikiUnreachableSince; // UTC ticks, 0 while Tiki answers (as this instance last saw it)
    private long _oldestPendingSince; // UTC ticks, 0 when nothing is pending
    private long? _oldestReadAt; // when the oldest pending entry was last read (a timestamp of the TimeProvider)

    public IpnOutboxDeliveryService(
        PostgreSqlIpnOutbox outbox, TikiVipDataSource dataSource, IServiceScopeFactory scopes, IOptions<TikiVipPostgreSqlOptions> options,
        TimeProvider time, IMeterFactory meters, ILogger<IpnOutboxDeliveryService> logger)
    {
        this.outbox = outbox;
        this.scopes = scopes;
        this.options = options;
        this.time = time;
        this.logger = logger;
        _dataSource = dataSource.Value;
        _slots = new SemaphoreSlim(options.Value.Outbox.MaxConcurrency, options.Value.Outbox.MaxConcurrency);
        _meter = meters.Create(new MeterOptions(TikiVipDiagnostics.Name));
        _meter.CreateObservableGauge(TikiVipDiagnostics.OutboxOldestPendingAge, ObserveOldestPendingAge, "s",
            "Age of the oldest pending IPN in the outbox, as the delivering instance last saw it.");
        _meter.CreateObservableGauge(TikiVipDiagnostics.OutboxTikiUnreachable, () => Volatile.Read(ref _tikiUnreachableSince) == 0 ? 0 : 1, "{state}",
            "1 while the outbox finds Tiki unreachable and only probes it, else 0.");
    }

    /// <summary>Completes once this instance listens for notifications (for tests: what is committed after it wakes the instance).</summary>
    internal Task Listening => _listening.Task;

    /// <summary>How many notifications for this schema arrived (for tests and diagnostics).</summary>
    internal int Notifications => Volatile.Read(ref _notifications);

    /// <summary>How many times the loop looked for work (for tests and the outbox runner).</summary>
    internal int WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>How many times the loop started to wait for work, its poll timer set (tests step a fake clock by it).</summary>
    internal int Waits => _wake.Waits;

    /// <summary>How many IPNs are being delivered now.</summary>
    internal int InFlight => _inFlight.Count;

    /// <summary>Since when this instance last saw Tiki marked unreachable, or <see langword="null"/>.</summary>
    internal DateTimeOffset? TikiUnreachableSince => Volatile.Read(ref _tikiUnreachableSince) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public override void Dispose()
    {
        _slots.Dispose();
        _meter.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Outbox.Deliver)
        {
            return;
        }

        var listening = ListenAsync(stoppingToken);
        var renewing = RenewLeasesAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogRoundFailed(logger, ex);
            }

            try
            {
                await WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Shutting down: each delivery in flight hands its entry back as it is cancelled.
        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        await Task.WhenAll(listening, renewing).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks at the outbox once: claims as many due entries as there are free slots (none while Tiki is marked
    /// unreachable, then at most the one probe due) and starts delivering each; returns how many it started.
    /// </summary>
    private async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _wakeUps);
        _wake.Rearm(); // from here on a notification wakes the loop again
        var free = _slots.CurrentCount;
        if (free == 0)
        {
            Volatile.Write(ref _backlog, 1);
            return 0;
        }

        var limit = Math.Min(free, options.Value.Outbox.BatchSize);
        var oldestDue = _oldestReadAt is not { } read || time.GetElapsedTime(read) >= options.Value.Outbox.PollInterval;
        var poll = await outbox.PollAsync(_instance, limit, oldestDue, cancellationToken).ConfigureAwait(false);
        if (poll.OldestPendingRead)
        {
            _oldestReadAt = time.GetTimestamp();
            Volatile.Write(ref _oldestPendingSince, poll.OldestPendingSince?.UtcTicks ?? 0);
        }

        Volatile.Write(ref _tikiUnreachableSince, poll.TikiUnreachableSince?.UtcTicks ?? 0);
        Volatile.Write(ref _backlog, poll.Claimed.Count == limit ? 1 : 0); // more may be due: look again when a slot frees
        if (poll.TikiUnreachableSince is not null)
        {
            // One call to find out whether Tiki is back, when due and nobody holds it; the right is taken in the shared row.
            var probe = IsProbeDue(poll, time.GetUtcNow()) ? await outbox.ClaimProbeAsync(_instance, cancellationToken).ConfigureAwait(false) : null;
            if (probe is not null)
            {
                Start(probe.Entry, probe, cancellationToken);
            }

            return probe is null ? 0 : 1;
        }

        foreach (var entry in poll.Claimed)
        {
            Start(entry, null, cancellationToken);
        }

        return poll.Claimed.Count;
    }

    /// <summary>A probe is due when its time came and no instance holds the right to it (its holder's lease renewed while its round runs).</summary>
    internal static bool IsProbeDue(OutboxPoll poll, DateTimeOffset now) =>
        (poll.NextProbeAt is null || poll.NextProbeAt <= now) && (poll.ProbeHeldUntil is null || poll.ProbeHeldUntil < now);

    private void Start(IpnOutboxEntry entry, OutboxProbe? probe, CancellationToken cancellationToken)
    {
        // Never waits: no more were claimed than slots were free, and only this loop takes slots. Not cancellable
        // either: every claimed entry is started, and a delivery cut short by shutdown hands its entry back.
        _slots.Wait(0, CancellationToken.None);
        _inFlight[entry.Id] = Task.CompletedTask; // in flight (and its lease renewed) from now on
        var delivery = DeliverOneAsync(entry, probe, cancellationToken);
        _inFlight.TryUpdate(entry.Id, delivery, Task.CompletedTask); // unless it already finished
    }

    private async Task DeliverOneAsync(IpnOutboxEntry entry, OutboxProbe? probe, CancellationToken stoppingToken)
    {
        var reachedTiki = false;
        await Task.Yield(); // the claiming loop goes on while this IPN is sent
        try
        {
            // A fresh client per IPN: the HTTP handlers it uses rotate as IHttpClientFactory intends (DNS changes are seen).
            using var scope = scopes.CreateScope();
            var client = scope.ServiceProvider.GetRequiredService<ITikiVipClient>();
            var round = new OutboxRound(entry, client, outbox, options.Value, time, _instance, logger);
            reachedTiki = await round.RunAsync(stoppingToken).ConfigureAwait(false);
            await NoteReachabilityAsync(reachedTiki, round.Problem, probe is not null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-send: hand the entry back now rather than when the lease ends, its attempt uncounted.
            try
            {
                await outbox.ReleaseAsync([entry.Id], entry.Id, _instance).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                LogRoundFailed(logger, ex); // its lease returns it
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogRoundFailed(logger, ex); // the outcome was not recorded: the lease returns the entry, at least once
        }
        finally
        {
            if (probe is not null && !reachedTiki)
            {
                await ReleaseProbeAsync(probe).ConfigureAwait(false);
            }

            _inFlight.TryRemove(entry.Id, out _);
            _slots.Release();
            Interlocked.MemoryBarrier(); // pairs with the notification handler's: one of the two sees the other
            if (Volatile.Read(ref _backlog) == 1)
            {
                _wake.Signal();
            }
        }
    }

    /// <summary>
    /// Marks Tiki unreachable for every instance after <see cref="UnreachableRoundsToMarkDown"/> rounds in a row
    /// could not reach it, and reachable again (waking everyone) on the first answer while it is marked.
    /// </summary>
    private async Task NoteReachabilityAsync(bool tikiAnswered, string? problem, bool probe)
    {
        if (tikiAnswered)
        {
            Volatile.Write(ref _unreachableRounds, 0);
            if (probe || Volatile.Read(ref _tikiUnreachableSince) != 0)
            {
                Volatile.Write(ref _tikiUnreachableSince, 0);
                if (await outbox.MarkTikiReachableAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    LogTikiReachable(logger);
                }

                _wake.Signal();
            }

            return;
        }

        if (Interlocked.Increment(ref _unreachableRounds) >= UnreachableRoundsToMarkDown && Volatile.Read(ref _tikiUnreachableSince) == 0)
        {
            var settings = options.Value;
            var firstProbeIn = ProbeSchedule.Wait(0, settings.Outbox.Backoff, settings.Outbox.MaxProbeInterval);
            var since = await outbox.MarkTikiUnreachableAsync(problem ?? "no answer", firstProbeIn, CancellationToken.None).ConfigureAwait(false);
            if (Interlocked.CompareExchange(ref _tikiUnreachableSince, since.UtcTicks, 0) == 0)
            {
                LogTikiUnreachable(logger, since, problem);
            }
        }
    }

    /// <summary>
    /// The probe's round ended without reaching Tiki (or was cut short): gives the right up, the next probe due after
    /// <see cref="ProbeSchedule"/>'s wait from now. If this fails, the right's lease frees it.
    /// </summary>
    private async Task ReleaseProbeAsync(OutboxProbe probe)
    {
        var settings = options.Value.Outbox;
        var next = time.GetUtcNow() + ProbeSchedule.Wait(probe.FailedBefore + 1, settings.Backoff, settings.MaxProbeInterval);
        try
        {
            await outbox.ReleaseProbeAsync(_instance, next, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogRoundFailed(logger, ex);
        }
    }

    /// <summary>Waits for a notification, a freed slot while work is waiting, or the poll interval, whichever comes first.</summary>
    private Task WaitForWorkAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _backlog) == 1 && _slots.CurrentCount > 0 && Volatile.Read(ref _tikiUnreachableSince) == 0
            ? Task.CompletedTask
            : _wake.WaitAsync(options.Value.Outbox.PollInterval, time, cancellationToken);

    /// <summary>
    /// A notification: work is waiting. While every slot is busy it only says so (the next freed slot looks); the
    /// loop is woken at most once per look however many arrive.
    /// </summary>
    private void OnNotified()
    {
        Interlocked.Increment(ref _notifications);
        Interlocked.Exchange(ref _backlog, 1); // a full fence, paired with the one after a slot is released
        if (_slots.CurrentCount > 0)
        {
            _wake.Signal();
        }
    }

    /// <summary>Listens for the outbox's notifications on a connection of its own, reconnecting after a failure.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var schema = options.Value.Schema;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, e) =>
                    {
                        // Only "look now": the payload is compared with this schema, never used as data.
                        if (string.Equals(e.Payload, schema, StringComparison.Ordinal))
                        {
                            OnNotified();
                        }
                    };
                    using (var listen = new NpgsqlCommand($"LISTEN {TikiVipPostgreSqlMigrator.NotificationChannel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _wake.Signal(); // whatever was queued while nobody listened
                    _listening.TrySetResult();
                    while (true)
                    {
                        await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                LogListenFailed(logger, ex);
                try
                {
                    await Task.Delay(options.Value.Outbox.PollInterval, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Keeps the leases of the entries in flight ahead of their calls: one statement for all of them, a third of a lease apart.</summary>
    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Outbox.Lease / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                var ids = _inFlight.Keys.ToArray();
                if (ids.Length > 0)
                {
                    await outbox.RenewLeasesAsync(ids, _instance, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogRoundFailed(logger, ex);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveOldestPendingAge()
    {
        var since = Volatile.Read(ref _oldestPendingSince);
        var age = since == 0 ? TimeSpan.Zero : time.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero);
        yield return new Measurement<double>(Math.Max(0, age.TotalSeconds));
    }

    [LoggerMessage(EventId = 2009, EventName = "OutboxListenFailed", Level = LogLevel.Warning, Message = "Listening for new IPNs failed; polling meanwhile and listening again shortly.")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, EventName = "OutboxRoundFailed", Level = LogLevel.Warning, Message = "An IPN outbox round failed; trying again shortly.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2013, EventName = "OutboxTikiUnreachable", Level = LogLevel.Error, Message = "Tiki is unreachable since {Since:u} ({Problem}): IPNs wait in the outbox and one probe at a time checks when Tiki is back.")]
    private static partial void LogTikiUnreachable(ILogger logger, DateTimeOffset since, string? problem);

    [LoggerMessage(EventId = 2014, EventName = "OutboxTikiReachable", Level = LogLevel.Information, Message = "Tiki answers again: every IPN that waited is due now and every instance resumes.")]
    private static partial void LogTikiReachable(ILogger logger);
}
