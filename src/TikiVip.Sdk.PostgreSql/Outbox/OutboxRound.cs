using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// One delivery round of one claimed entry: the calls Tiki's flow asks for, each HTTP attempt recorded, and the
/// entry settled as <see cref="OutboxDecision"/> decides from what Tiki answered.
/// </summary>
internal sealed partial class OutboxRound(
    IpnOutboxEntry entry, ITikiVipClient client, PostgreSqlIpnOutbox outbox, TikiVipPostgreSqlOptions options, TimeProvider time, string instance, ILogger logger)
{
    private readonly List<IpnOutboxAttempt> _calls = new(2);
    private readonly int _round = entry.Attempts;

    /// <summary>Why Tiki could not be reached, when the round ended without its answer.</summary>
    public string? Problem { get; private set; }

    /// <summary>Runs the round and settles the entry; returns whether Tiki answered (anything but a transient failure).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        using var log = TikiVipAttemptLog.Start();
        return entry.TikiStatus == TikiVipTransactionStatus.Pending
            ? await LookAgainAsync(log, cancellationToken).ConfigureAwait(false)
            : await SubmitAsync(log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SubmitAsync(TikiVipAttemptLog log, CancellationToken cancellationToken)
    {
        var ipn = new IpnRequest(entry.TikiTransactionId, entry.TransactionId, entry.Amount, entry.Status) { PartnerBankingMethod = entry.PartnerBankingMethod };
        TikiVipApiException? failure = null;
        IpnDeliveryResult? lookup = null;
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            await client.SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false);
            Record(log, IpnOutboxAttemptKind.Ipn, at, started, "Tiki accepted the IPN", null);
        }
        catch (TikiVipApiException ex)
        {
            Record(log, IpnOutboxAttemptKind.Ipn, at, started, OutboxFailure.Describe(ex), ex);
            failure = ex;
        }

        if (failure is not null && OutboxDecision.NeedsLookup(failure, _round, options.Outbox.MaxAttempts))
        {
            // Tiki's flow: the IPN's fate is unknown: ask Tiki what it recorded before anyone refunds or delivers.
            at = time.GetUtcNow();
            started = time.GetTimestamp();
            lookup = await IpnDeliveryFlow.ConfirmAsync(client, entry.TikiTransactionId, failure, cancellationToken).ConfigureAwait(false);
            Record(log, IpnOutboxAttemptKind.Lookup, at, started,
                lookup.Transaction is { } found ? "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(found.Status) : OutboxFailure.Describe(lookup.LookupError!),
                lookup.Transaction is null ? lookup.LookupError : null);
        }

        return await SettleAsync(OutboxDecision.AfterSubmit(entry, _round, failure, lookup, Policy())).ConfigureAwait(false);
    }

    /// <summary>A round for an entry whose transaction Tiki records as PENDING: look it up again.</summary>
    private async Task<bool> LookAgainAsync(TikiVipAttemptLog log, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        TikiTransaction? found = null;
        TikiVipApiException? error = null;
        try
        {
            found = await client.GetTransactionAsync(entry.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, "Tiki records the transaction as " + TikiVipTransactionStatusNames.ToWireName(found.Status), null);
        }
        catch (TikiVipApiException ex)
        {
            Record(log, IpnOutboxAttemptKind.Lookup, at, started, OutboxFailure.Describe(ex), ex);
            error = ex;
        }

        return await SettleAsync(OutboxDecision.AfterLookAgain(entry, _round, found, error, Policy())).ConfigureAwait(false);
    }

    private OutboxPolicy Policy() => OutboxPolicy.Of(options, time.GetUtcNow(), Random.Shared.NextDouble());

    /// <summary>
    /// Records the outcome (always, even if shutdown began meanwhile: the calls did reach Tiki or time out) and logs
    /// it; returns whether Tiki answered.
    /// </summary>
    private async Task<bool> SettleAsync(OutboxSettlement settlement)
    {
        await outbox.SettleAsync(entry.Id, instance, settlement, _calls, CancellationToken.None).ConfigureAwait(false);
        Problem = settlement.Problem;
        switch (settlement.Event)
        {
            case OutboxEvent.Delivered:
                LogDelivered(logger, entry.Id, entry.TikiTransactionId, _round);
                break;
            case OutboxEvent.Rejected:
                LogRejected(logger, entry.Id, entry.TikiTransactionId, settlement.Code, settlement.Action);
                break;
            case OutboxEvent.ConfirmedByLookup:
                LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, settlement.TikiStatus!.Value);
                break;
            case OutboxEvent.Failed:
                LogFailed(logger, entry.Id, entry.TikiTransactionId, _round);
                break;
            case OutboxEvent.PastDeliveryHorizon:
                LogPastHorizon(logger, entry.Id, entry.TikiTransactionId, options.Outbox.DeliveryHorizon);
                break;
            case OutboxEvent.PendingAtTiki:
                LogPendingAtTiki(logger, entry.Id, entry.TikiTransactionId);
                break;
            case OutboxEvent.StillPending:
                LogStillPending(logger, entry.Id, entry.TikiTransactionId, options.Outbox.PendingHorizon);
                break;
        }

        return settlement.TikiAnswered;
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
