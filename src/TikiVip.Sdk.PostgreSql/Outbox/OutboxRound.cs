using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// One delivery round of one claimed entry: the calls Tiki's flow asks for, each HTTP attempt recorded, and the
/// entry settled by what Tiki answered. The decision table is in docs/guide.md ("The IPN outbox's states").
/// </summary>
internal sealed partial class OutboxRound(IpnOutboxEntry entry, ITikiVipClient client, TikiVipPostgreSqlOptions options, TimeProvider time, string instance)
{
    private readonly List<IpnOutboxAttempt> _calls = new(2);
    private readonly int _round = entry.Attempts;
    private PostgreSqlIpnOutbox _outbox = null!;
    private ILogger _logger = null!;

    /// <summary>Why Tiki could not be reached, when the round ended without its answer.</summary>
    public string? Problem { get; private set; }

    /// <summary>Runs the round and settles the entry; returns whether Tiki answered (anything but a transient failure).</summary>
    public async Task<bool> RunAsync(PostgreSqlIpnOutbox outbox, ILogger logger, CancellationToken cancellationToken)
    {
        _outbox = outbox;
        _logger = logger;
        using var log = TikiVipAttemptLog.Start();
        return entry.TikiStatus == TikiVipTransactionStatus.Pending
            ? await LookAgainAsync(log, cancellationToken).ConfigureAwait(false)
            : await SubmitAsync(log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SubmitAsync(TikiVipAttemptLog log, CancellationToken cancellationToken)
    {
        var ipn = new IpnRequest(entry.TikiTransactionId, entry.TransactionId, entry.Amount, entry.Status) { PartnerBankingMethod = entry.PartnerBankingMethod };
        TikiVipApiException failure;
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            await client.SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false);
            Record(log, IpnOutboxAttemptKind.Ipn, at, started, "Tiki accepted the IPN", null);

            // Tiki has it: record that even if shutdown began meanwhile.
            await SettleAsync(IpnOutboxState.Delivered).ConfigureAwait(false);
            LogDelivered(_logger, entry.Id, entry.TikiTransactionId, _round);
            return true;
        }
        catch (TikiVipApiException ex) when (!IpnDeliveryFlow.NeedsLookup(ex, earlierAttemptFailedTransiently: _round > 1))
        {
            Record(log, IpnOutboxAttemptKind.Ipn, at, started, OutboxFailure.Describe(ex), ex);
            await SettleAsync(IpnOutboxState.Failed, OutboxFailure.Of(ex)).ConfigureAwait(false);
            LogRejected(_logger, entry.Id, entry.TikiTransactionId, ex.Code, ex.RecommendedAction);
            return true;
        }
        catch (TikiVipApiException ex)
        {
            Record(log, IpnOutboxAttemptKind.Ipn, at, started, OutboxFailure.Describe(ex), ex);
            failure = ex;
        }

        if (failure.IsTransient && _round < options.OutboxMaxAttempts)
        {
            return await RetryLaterAsync(OutboxFailure.Of(failure)).ConfigureAwait(false);
        }

        // Tiki's flow: the IPN's fate is unknown (rounds spent, or a refusal after a lost attempt): ask Tiki what it
        // recorded before anyone refunds or delivers.
        log.Clear();
        at = time.GetUtcNow();
        started = time.GetTimestamp();
        var result = await IpnDeliveryFlow.ConfirmAsync(client, entry.TikiTransactionId, failure, cancellationToken).ConfigureAwait(false);
        if (result.Transaction is { } found)
        {
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(found.Status), null);
        }
        else
        {
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, OutboxFailure.Describe(result.LookupError!), result.LookupError);
        }

        switch (result.Status)
        {
            case IpnDeliveryStatus.RecordedByTiki:
                await SettleAsync(IpnOutboxState.ConfirmedByLookup, OutboxFailure.Of(result.IpnError!) with { Action = result.RecommendedAction }, result.Transaction!.Status).ConfigureAwait(false);
                LogConfirmedByLookup(_logger, entry.Id, entry.TikiTransactionId, result.Transaction.Status);
                return true;
            case IpnDeliveryStatus.PendingAtTiki:
                await StillPendingAsync(OutboxFailure.Of(result.IpnError!) with { Action = TikiVipRecommendedAction.LookUpAgain }).ConfigureAwait(false);
                return true;
            case IpnDeliveryStatus.Rejected:
                // Refused, and the lookup confirmed Tiki has no such transaction: the refusal stands.
                await SettleAsync(IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError!, result.LookupError!, result.IpnError!.RecommendedAction)).ConfigureAwait(false);
                LogRejected(_logger, entry.Id, entry.TikiTransactionId, result.IpnError!.Code, result.IpnError.RecommendedAction);
                return true;
        }

        var verify = result.IpnError!.IsTransient ? null : " (Tiki refused a retry, but an earlier attempt may have been recorded: verify before refunding)";
        if (result.LookupError!.IsTransient)
        {
            // Tiki could not be reached for the lookup either: the IPN waits, it is not given up.
            return await RetryLaterAsync(OutboxFailure.WithLookup(result.IpnError, result.LookupError, TikiVipRecommendedAction.Retry, verify)).ConfigureAwait(false);
        }

        await SettleAsync(IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError, result.LookupError, TikiVipRecommendedAction.Retry, verify)).ConfigureAwait(false);
        LogFailed(_logger, entry.Id, entry.TikiTransactionId, _round);
        return true;
    }

    /// <summary>A round for an entry whose transaction Tiki records as PENDING: look it up again.</summary>
    private async Task<bool> LookAgainAsync(TikiVipAttemptLog log, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var transaction = await client.GetTransactionAsync(entry.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(transaction.Status), null);
            if (transaction.Status != TikiVipTransactionStatus.Pending)
            {
                await SettleAsync(IpnOutboxState.ConfirmedByLookup, tikiStatus: transaction.Status).ConfigureAwait(false);
                LogConfirmedByLookup(_logger, entry.Id, entry.TikiTransactionId, transaction.Status);
                return true;
            }

            await StillPendingAsync(null).ConfigureAwait(false);
            return true;
        }
        catch (TikiVipApiException lookup) when (lookup.IsTransient)
        {
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, OutboxFailure.Describe(lookup), lookup);
            Problem = OutboxFailure.Describe(lookup);
            await StillPendingAsync(OutboxFailure.Of(lookup, prefix: "lookup: ") with { Action = TikiVipRecommendedAction.LookUpAgain }).ConfigureAwait(false);
            return false;
        }
        catch (TikiVipApiException lookup)
        {
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, OutboxFailure.Describe(lookup), lookup);
            await SettleAsync(IpnOutboxState.Failed, OutboxFailure.Of(lookup, prefix: "Tiki recorded the transaction as PENDING; a later lookup failed: ")).ConfigureAwait(false);
            LogFailed(_logger, entry.Id, entry.TikiTransactionId, _round);
            return true;
        }
    }

    /// <summary>
    /// Tiki could not be reached: the IPN waits for a later round (backing off, with jitter, up to the cap) unless it
    /// has waited <see cref="TikiVipPostgreSqlOptions.OutboxDeliveryHorizon"/> since it was queued or requeued.
    /// </summary>
    private async Task<bool> RetryLaterAsync(OutboxFailure failure)
    {
        Problem = failure.Text;
        var horizon = options.OutboxDeliveryHorizon;
        var since = entry.RequeuedAt ?? entry.CreatedAt;
        if (time.GetUtcNow() - since >= horizon)
        {
            await SettleAsync(IpnOutboxState.Failed, failure with { Text = $"Tiki could not be reached for {horizon} since the IPN was queued ({since:u}); last: {failure.Text}" }).ConfigureAwait(false);
            LogPastHorizon(_logger, entry.Id, entry.TikiTransactionId, horizon);
            return false;
        }

        await SettleAsync(IpnOutboxState.Pending, failure, retryIn: Backoff()).ConfigureAwait(false);
        return false;
    }

    /// <summary>Tiki has not decided: look again after a backoff, until the horizon since its first PENDING answer.</summary>
    private async Task StillPendingAsync(OutboxFailure? error)
    {
        var horizon = options.OutboxPendingHorizon;
        var since = entry.PendingAtTikiSince ?? time.GetUtcNow();
        if (time.GetUtcNow() - since >= horizon)
        {
            await SettleAsync(IpnOutboxState.Failed, new OutboxFailure($"still PENDING at Tiki after {horizon} (since {since:u}): ask Tiki about this transaction", null, null, TikiVipRecommendedAction.LookUpAgain), TikiVipTransactionStatus.Pending).ConfigureAwait(false);
            LogStillPending(_logger, entry.Id, entry.TikiTransactionId, horizon);
            return;
        }

        await SettleAsync(IpnOutboxState.Pending, error, TikiVipTransactionStatus.Pending, Backoff()).ConfigureAwait(false);
        LogPendingAtTiki(_logger, entry.Id, entry.TikiTransactionId);
    }

    /// <summary>Records the outcome (always, even if shutdown began meanwhile: the calls did reach Tiki or time out).</summary>
    private Task SettleAsync(IpnOutboxState state, OutboxFailure? failure = null, TikiVipTransactionStatus? tikiStatus = null, TimeSpan? retryIn = null) =>
        _outbox.SettleAsync(entry.Id, instance, state, failure, tikiStatus, retryIn, _calls, CancellationToken.None);

    /// <summary>The base backoff doubled each round, at most the cap, less up to a fifth at random so instances spread out.</summary>
    private TimeSpan Backoff()
    {
        var doubled = options.OutboxBackoff.Ticks * (1L << Math.Min(Math.Max(_round - 1, 0), 30));
        var capped = doubled <= 0 || doubled > options.OutboxMaxBackoff.Ticks ? options.OutboxMaxBackoff.Ticks : doubled;
        return TimeSpan.FromTicks((long)(capped * (1 - (0.2 * Random.Shared.NextDouble()))));
    }

    /// <summary>
    /// Keeps one call: each of its HTTP attempts when the client reported them (the last carries the call's result),
    /// else the call as a whole.
    /// </summary>
    private void Record(TikiVipAttemptLog log, IpnOutboxAttemptKind kind, DateTimeOffset at, long started, string result, TikiVipApiException? error)
    {
        var attempts = log.Attempts;
        if (attempts.Count == 0)
        {
            _calls.Add(new IpnOutboxAttempt
            {
                Round = _round, Kind = kind, At = at, Duration = time.GetElapsedTime(started), Instance = instance, Succeeded = error is null,
                HttpStatus = error is null ? 200 : error.StatusCode is { } status ? (int)status : null, TikiCode = error?.Code, Result = result,
            });
            return;
        }

        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i];
            var last = i == attempts.Count - 1;
            _calls.Add(new IpnOutboxAttempt
            {
                Round = _round, Try = attempt.Number, Kind = kind, At = attempt.At, Duration = attempt.Duration, Instance = instance,
                Succeeded = last && error is null,
                HttpStatus = attempt.HttpStatus,
                TikiCode = last ? error?.Code : attempt.SystemError ? (int)TikiVipResultCode.SystemError : null,
                Result = last ? result : Retried(attempt),
            });
        }

        log.Clear();
    }

    private static string Retried(TikiVipHttpAttempt attempt) =>
        (attempt.Error ?? (attempt.SystemError ? $"HTTP {attempt.HttpStatus} code 2 SystemError" : $"HTTP {attempt.HttpStatus}")) + ": retried";

    [LoggerMessage(EventId = 2001, EventName = "OutboxDelivered", Level = LogLevel.Information, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} delivered (round {Attempt}).")]
    private static partial void LogDelivered(ILogger logger, long id, string tikiTransactionId, int attempt);

    [LoggerMessage(EventId = 2002, EventName = "OutboxRejected", Level = LogLevel.Warning, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} refused by Tiki: code {Code}, recommended action {Action}.")]
    private static partial void LogRejected(ILogger logger, long id, string tikiTransactionId, int? code, TikiVipRecommendedAction action);

    [LoggerMessage(EventId = 2003, EventName = "OutboxConfirmedByLookup", Level = LogLevel.Warning, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} was not confirmed; Tiki records it as {Status}.")]
    private static partial void LogConfirmedByLookup(ILogger logger, long id, string tikiTransactionId, TikiVipTransactionStatus status);

    [LoggerMessage(EventId = 2004, EventName = "OutboxFailed", Level = LogLevel.Error, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} failed in round {Attempts}: Tiki's answers leave it to a person.")]
    private static partial void LogFailed(ILogger logger, long id, string tikiTransactionId, int attempts);

    [LoggerMessage(EventId = 2015, EventName = "OutboxPastDeliveryHorizon", Level = LogLevel.Error, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} could not reach Tiki within {Horizon}; ended as failed for a person to requeue.")]
    private static partial void LogPastHorizon(ILogger logger, long id, string tikiTransactionId, TimeSpan horizon);

    [LoggerMessage(EventId = 2007, EventName = "OutboxPendingAtTiki", Level = LogLevel.Information, Message = "IPN {Id} for Tiki transaction {TikiTransactionId}: Tiki records the transaction as PENDING; looking again later.")]
    private static partial void LogPendingAtTiki(ILogger logger, long id, string tikiTransactionId);

    [LoggerMessage(EventId = 2008, EventName = "OutboxStillPending", Level = LogLevel.Error, Message = "IPN {Id} for Tiki transaction {TikiTransactionId} is still PENDING at Tiki after {Horizon}; ended as failed for a person to resolve with Tiki.")]
    private static partial void LogStillPending(ILogger logger, long id, string tikiTransactionId, TimeSpan horizon);
}
