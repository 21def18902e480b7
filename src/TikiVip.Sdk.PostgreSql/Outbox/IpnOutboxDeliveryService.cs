using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Schema;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// Delivers due IPNs through <see cref="ITikiVipClient"/> following Tiki's flow: submit (with the client's own
/// retries), back off and try again in later rounds, and after the last round look the transaction up. Up to
/// <see cref="TikiVipPostgreSqlOptions.OutboxMaxConcurrency"/> IPNs are in flight at once, each in a slot of its
/// own, so a slow or hanging call holds one slot and never the instance; free slots are filled by claiming due
/// entries in one statement. A NOTIFY from the outbox's trigger (sent when an enqueueing transaction commits)
/// wakes the instance at once; polling remains for due retries and missed notifications. Safe in every instance:
/// each entry is leased to one instance, and the leases of the entries in flight are renewed together.
/// </summary>
internal sealed partial class IpnOutboxDeliveryService : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private readonly PostgreSqlIpnOutbox outbox;
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<TikiVipPostgreSqlOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<IpnOutboxDeliveryService> logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly SemaphoreSlim _slots;
    private int _notifications;
    private volatile bool _backlog;

    public IpnOutboxDeliveryService(
        PostgreSqlIpnOutbox outbox, TikiVipDataSource dataSource, IServiceScopeFactory scopes, IOptions<TikiVipPostgreSqlOptions> options,
        TimeProvider time, ILogger<IpnOutboxDeliveryService> logger)
    {
        this.outbox = outbox;
        this.scopes = scopes;
        this.options = options;
        this.time = time;
        this.logger = logger;
        _dataSource = dataSource.Value;
        _slots = new SemaphoreSlim(options.Value.OutboxMaxConcurrency, options.Value.OutboxMaxConcurrency);
    }

    /// <summary>How many notifications for this schema woke the instance (for tests and diagnostics).</summary>
    internal int Notifications => Volatile.Read(ref _notifications);

    /// <summary>How many IPNs are being delivered now.</summary>
    internal int InFlight => _inFlight.Count;

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliverOutbox)
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
    /// Claims as many due entries as there are free slots (in one statement) and starts delivering each; returns
    /// how many it started. With <paramref name="cancellationToken"/> only, it waits for them (tests, tools).
    /// </summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken, bool wait = false)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
        {
            _backlog = true;
            return 0;
        }

        var due = await outbox.ClaimDueAsync(_instance, Math.Min(free, options.Value.OutboxBatchSize), cancellationToken).ConfigureAwait(false);
        _backlog = due.Count == Math.Min(free, options.Value.OutboxBatchSize); // more may be due: claim again when a slot frees
        var started = new List<Task>(due.Count);
        foreach (var entry in due)
        {
            // Never waits: no more were claimed than slots were free, and only this loop takes slots. Not cancellable
            // either: every claimed entry is started, and a delivery cut short by shutdown hands its entry back.
            _slots.Wait(0);
            _inFlight[entry.Id] = Task.CompletedTask; // in flight (and its lease renewed) from now on
            var delivery = DeliverOneAsync(entry, cancellationToken);
            _inFlight.TryUpdate(entry.Id, delivery, Task.CompletedTask); // unless it already finished
            started.Add(delivery);
        }

        if (wait)
        {
            await Task.WhenAll(started).ConfigureAwait(false);
        }

        return due.Count;
    }

    private async Task DeliverOneAsync(IpnOutboxEntry entry, CancellationToken stoppingToken)
    {
        await Task.Yield(); // the claiming loop goes on while this IPN is sent
        try
        {
            // A fresh client per IPN: the HTTP handlers it uses rotate as IHttpClientFactory intends (DNS changes are seen).
            using var scope = scopes.CreateScope();
            var client = scope.ServiceProvider.GetRequiredService<ITikiVipClient>();
            await DeliverAsync(client, entry, entry.Attempts, stoppingToken).ConfigureAwait(false);
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
            _inFlight.TryRemove(entry.Id, out _);
            _slots.Release();
            if (_backlog)
            {
                _wake.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>Waits for a notification, a freed slot while work is waiting, or the poll interval, whichever comes first.</summary>
    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        if (_backlog && _slots.CurrentCount > 0)
        {
            return;
        }

        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(options.Value.OutboxPollInterval); // on the real clock: a fake one must not starve polling
        try
        {
            await _wake.Reader.ReadAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed.
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
                            Interlocked.Increment(ref _notifications);
                            _wake.Writer.TryWrite(true);
                        }
                    };
                    using (var listen = new NpgsqlCommand($"LISTEN {TikiVipPostgreSqlMigrator.NotificationChannel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    _wake.Writer.TryWrite(true); // whatever was queued while nobody listened
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
                    await Task.Delay(options.Value.OutboxPollInterval, cancellationToken).ConfigureAwait(false);
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
        var interval = options.Value.OutboxLease / 3;
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

    private async Task DeliverAsync(ITikiVipClient client, IpnOutboxEntry entry, int attempt, CancellationToken cancellationToken)
    {
        if (entry.TikiStatus == TikiVipTransactionStatus.Pending)
        {
            // Tiki has the IPN's transaction as PENDING: only a later lookup can tell the outcome.
            await LookAgainAsync(client, entry, attempt, cancellationToken).ConfigureAwait(false);
            return;
        }

        var ipn = new IpnRequest(entry.TikiTransactionId, entry.TransactionId, entry.Amount, entry.Status) { PartnerBankingMethod = entry.PartnerBankingMethod };
        var calls = new List<IpnOutboxAttempt>(2);
        TikiVipApiException failure;
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            await client.SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false);
            calls.Add(Succeeded(attempt, IpnOutboxAttemptKind.Ipn, at, started, "Tiki accepted the IPN"));

            // Tiki has it: record that even if shutdown began meanwhile.
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Delivered, null, null, null, calls, CancellationToken.None).ConfigureAwait(false);
            LogDelivered(logger, entry.Id, entry.TikiTransactionId, attempt);
            return;
        }
        catch (TikiVipApiException ex) when (!IpnDeliveryFlow.NeedsLookup(ex, earlierAttemptFailedTransiently: attempt > 1))
        {
            calls.Add(Failed(attempt, IpnOutboxAttemptKind.Ipn, at, started, ex));
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.Of(ex), null, null, calls, CancellationToken.None).ConfigureAwait(false);
            LogRejected(logger, entry.Id, entry.TikiTransactionId, ex.Code, ex.RecommendedAction);
            return;
        }
        catch (TikiVipApiException ex)
        {
            calls.Add(Failed(attempt, IpnOutboxAttemptKind.Ipn, at, started, ex));
            failure = ex;
        }

        var settings = options.Value;
        if (failure.IsTransient && attempt < settings.OutboxMaxAttempts)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Pending, OutboxFailure.Of(failure), null, Backoff(attempt), calls, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Tiki's flow: the retries are spent, or Tiki refused after an earlier attempt may have been recorded: ask
        // Tiki what it recorded before anyone refunds or delivers.
        at = time.GetUtcNow();
        started = time.GetTimestamp();
        var result = await IpnDeliveryFlow.ConfirmAsync(client, entry.TikiTransactionId, failure, cancellationToken).ConfigureAwait(false);
        calls.Add(result.Transaction is { } found
            ? Succeeded(attempt, IpnOutboxAttemptKind.Lookup, at, started, "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(found.Status))
            : Failed(attempt, IpnOutboxAttemptKind.Lookup, at, started, result.LookupError!));
        await SettleAsync(entry, attempt, result, calls).ConfigureAwait(false);
    }

    /// <summary>A round for an entry whose transaction Tiki records as PENDING: look it up again.</summary>
    private async Task LookAgainAsync(ITikiVipClient client, IpnOutboxEntry entry, int attempt, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var transaction = await client.GetTransactionAsync(entry.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            IpnOutboxAttempt[] calls = [Succeeded(attempt, IpnOutboxAttemptKind.Lookup, at, started, "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(transaction.Status))];
            if (transaction.Status != TikiVipTransactionStatus.Pending)
            {
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.ConfirmedByLookup, null, transaction.Status, null, calls, CancellationToken.None).ConfigureAwait(false);
                LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, transaction.Status);
                return;
            }

            await StillPendingAsync(entry, attempt, null, calls).ConfigureAwait(false);
        }
        catch (TikiVipApiException lookup) when (lookup.IsTransient)
        {
            await StillPendingAsync(entry, attempt, OutboxFailure.Of(lookup, prefix: "lookup: ") with { Action = TikiVipRecommendedAction.LookUpAgain },
                [Failed(attempt, IpnOutboxAttemptKind.Lookup, at, started, lookup)]).ConfigureAwait(false);
        }
        catch (TikiVipApiException lookup)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.Of(lookup, prefix: "Tiki recorded the transaction as PENDING; a later lookup failed: "), null, null,
                [Failed(attempt, IpnOutboxAttemptKind.Lookup, at, started, lookup)], CancellationToken.None).ConfigureAwait(false);
            LogFailed(logger, entry.Id, entry.TikiTransactionId, attempt);
        }
    }

    private async Task SettleAsync(IpnOutboxEntry entry, int attempt, IpnDeliveryResult result, IReadOnlyList<IpnOutboxAttempt> calls)
    {
        switch (result.Status)
        {
            case IpnDeliveryStatus.RecordedByTiki:
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.ConfirmedByLookup, OutboxFailure.Of(result.IpnError!) with { Action = result.RecommendedAction }, result.Transaction!.Status, null, calls, CancellationToken.None).ConfigureAwait(false);
                LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, result.Transaction.Status);
                break;
            case IpnDeliveryStatus.PendingAtTiki:
                await StillPendingAsync(entry, attempt, OutboxFailure.Of(result.IpnError!) with { Action = TikiVipRecommendedAction.LookUpAgain }, calls).ConfigureAwait(false);
                break;
            case IpnDeliveryStatus.Rejected:
                // Refused, and the lookup confirmed Tiki has no such transaction: the refusal stands.
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError!, result.LookupError!, result.IpnError!.RecommendedAction), null, null, calls, CancellationToken.None).ConfigureAwait(false);
                LogRejected(logger, entry.Id, entry.TikiTransactionId, result.IpnError!.Code, result.IpnError.RecommendedAction);
                break;
            default:
                var verify = result.IpnError!.IsTransient ? null : " (Tiki refused a retry, but an earlier attempt may have been recorded: verify before refunding)";
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError, result.LookupError!, TikiVipRecommendedAction.Retry, verify), null, null, calls, CancellationToken.None).ConfigureAwait(false);
                LogFailed(logger, entry.Id, entry.TikiTransactionId, attempt);
                break;
        }
    }

    /// <summary>Tiki has not decided: look again after a backoff, until the horizon since its first PENDING answer.</summary>
    private async Task StillPendingAsync(IpnOutboxEntry entry, int attempt, OutboxFailure? error, IReadOnlyList<IpnOutboxAttempt> calls)
    {
        var horizon = options.Value.OutboxPendingHorizon;
        var since = entry.PendingAtTikiSince ?? time.GetUtcNow();
        if (time.GetUtcNow() - since >= horizon)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, new OutboxFailure($"still PENDING at Tiki after {horizon} (since {since:u}): ask Tiki about this transaction", null, null, TikiVipRecommendedAction.LookUpAgain), TikiVipTransactionStatus.Pending, null, calls, CancellationToken.None).ConfigureAwait(false);
            LogStillPending(logger, entry.Id, entry.TikiTransactionId, horizon);
            return;
        }

        await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Pending, error, TikiVipTransactionStatus.Pending, Backoff(attempt), calls, CancellationToken.None).ConfigureAwait(false);
        LogPendingAtTiki(logger, entry.Id, entry.TikiTransactionId);
    }

    private IpnOutboxAttempt Succeeded(int round, IpnOutboxAttemptKind kind, DateTimeOffset at, long started, string result) => new()
    {
        Round = round, Kind = kind, At = at, Duration = time.GetElapsedTime(started), Instance = _instance, Succeeded = true, HttpStatus = 200, Result = result,
    };

    private IpnOutboxAttempt Failed(int round, IpnOutboxAttemptKind kind, DateTimeOffset at, long started, TikiVipApiException error) => new()
    {
        Round = round, Kind = kind, At = at, Duration = time.GetElapsedTime(started), Instance = _instance, Succeeded = false,
        HttpStatus = error.StatusCode is { } status ? (int)status : null, TikiCode = error.Code, Result = OutboxFailure.Describe(error),
    };

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, options.Value.OutboxBackoff.Ticks * (1L << Math.Min(attempt - 1, 20))));

    [LoggerMessage(EventId = 2001, EventName = "OutboxDelivered", Level = LogLevel.Information, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} delivered (round {Attempt}).")]
    private static partial void LogDelivered(ILogger logger, long id, string tikiTransactionId, int attempt);

    [LoggerMessage(EventId = 2002, EventName = "OutboxRejected", Level = LogLevel.Warning, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} refused by Tiki: code {Code}, recommended action {Action}.")]
    private static partial void LogRejected(ILogger logger, long id, string tikiTransactionId, int? code, TikiVipRecommendedAction action);

    [LoggerMessage(EventId = 2003, EventName = "OutboxConfirmedByLookup", Level = LogLevel.Warning, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} was not confirmed; Tiki records it as {Status}.")]
    private static partial void LogConfirmedByLookup(ILogger logger, long id, string tikiTransactionId, TikiVipTransactionStatus status);

    [LoggerMessage(EventId = 2004, EventName = "OutboxFailed", Level = LogLevel.Error, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} failed after {Attempts} rounds and the lookup failed too; requeue it once Tiki is reachable.")]
    private static partial void LogFailed(ILogger logger, long id, string tikiTransactionId, int attempts);

    [LoggerMessage(EventId = 2006, EventName = "OutboxLeaseLost", Level = LogLevel.Information, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} is held by another instance now; leaving it to that instance.")]
    private static partial void LogLeaseLost(ILogger logger, long id, string tikiTransactionId);

    [LoggerMessage(EventId = 2007, EventName = "OutboxPendingAtTiki", Level = LogLevel.Information, Message = "IPN {Id} for Tiki transaction {TikiTransactionId}: Tiki records the transaction as PENDING; looking again later.")]
    private static partial void LogPendingAtTiki(ILogger logger, long id, string tikiTransactionId);

    [LoggerMessage(EventId = 2008, EventName = "OutboxStillPending", Level = LogLevel.Error, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} is still PENDING at Tiki after {Horizon}; ended as failed for a person to resolve with Tiki.")]
    private static partial void LogStillPending(ILogger logger, long id, string tikiTransactionId, TimeSpan horizon);

    [LoggerMessage(EventId = 2009, EventName = "OutboxListenFailed", Level = LogLevel.Warning, Message = "Listening for new IPNs failed; polling meanwhile and listening again shortly.")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, EventName = "OutboxRoundFailed", Level = LogLevel.Warning, Message = "An IPN outbox round failed; trying again shortly.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
