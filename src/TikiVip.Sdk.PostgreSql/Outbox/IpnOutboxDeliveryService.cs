using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// Delivers due IPNs through <see cref="ITikiVipClient"/> following Tiki's flow: submit (with the client's own
/// retries), back off and try again in later rounds, and after the last round look the transaction up. Safe to
/// run in every instance: each entry is leased to one instance at a time. The client is resolved afresh each
/// round, so the HTTP handlers it uses rotate as IHttpClientFactory intends (DNS changes are seen).
/// </summary>
internal sealed partial class IpnOutboxDeliveryService(
    PostgreSqlIpnOutbox outbox,
    IServiceScopeFactory scopes,
    IOptions<TikiVipPostgreSqlOptions> options,
    TimeProvider time,
    ILogger<IpnOutboxDeliveryService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliverOutbox)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogRoundFailed(logger, ex);
            }

            if (handled == 0)
            {
                try
                {
                    await Task.Delay(options.Value.OutboxPollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims due entries and delivers them; returns how many it claimed.</summary>
    internal async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.ClaimDueAsync(_instance, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        var unfinished = due.Select(e => e.Id).ToHashSet();
        long? inFlight = null;
        using var scope = scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<ITikiVipClient>();
        try
        {
            foreach (var entry in due)
            {
                // The batch was leased at once; each entry's lease is renewed as it is sent, so a slow Tiki cannot
                // make the tail of the batch outlive its lease. One another instance took over is left to it.
                if (await outbox.StartAttemptAsync(entry.Id, _instance, cancellationToken).ConfigureAwait(false) is { } attempt)
                {
                    inFlight = entry.Id;
                    await DeliverAsync(client, entry, attempt, cancellationToken).ConfigureAwait(false);
                    inFlight = null;
                }
                else
                {
                    LogLeaseLost(logger, entry.Id, entry.TikiTransactionId);
                }

                unfinished.Remove(entry.Id);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the rest back now rather than when the lease ends.
            await outbox.ReleaseAsync(unfinished, inFlight, _instance).ConfigureAwait(false);
            throw;
        }

        return due.Count;
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
        TikiVipApiException failure;
        try
        {
            await client.SubmitIpnAsync(ipn, cancellationToken).ConfigureAwait(false);

            // Tiki has it: record that even if shutdown began meanwhile.
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Delivered, null, null, null, CancellationToken.None).ConfigureAwait(false);
            LogDelivered(logger, entry.Id, entry.TikiTransactionId, attempt);
            return;
        }
        catch (TikiVipApiException ex) when (!IpnDeliveryFlow.NeedsLookup(ex, earlierAttemptFailedTransiently: attempt > 1))
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.Of(ex), null, null, CancellationToken.None).ConfigureAwait(false);
            LogRejected(logger, entry.Id, entry.TikiTransactionId, ex.Code, ex.RecommendedAction);
            return;
        }
        catch (TikiVipApiException ex)
        {
            failure = ex;
        }

        var settings = options.Value;
        if (failure.IsTransient && attempt < settings.OutboxMaxAttempts)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Pending, OutboxFailure.Of(failure), null, Backoff(attempt), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Tiki's flow: the retries are spent, or Tiki refused after an earlier attempt may have been recorded: ask
        // Tiki what it recorded before anyone refunds or delivers.
        var result = await IpnDeliveryFlow.ConfirmAsync(client, entry.TikiTransactionId, failure, cancellationToken).ConfigureAwait(false);
        await SettleAsync(entry, attempt, result).ConfigureAwait(false);
    }

    /// <summary>A round for an entry whose transaction Tiki records as PENDING: look it up again.</summary>
    private async Task LookAgainAsync(ITikiVipClient client, IpnOutboxEntry entry, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var transaction = await client.GetTransactionAsync(entry.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            if (transaction.Status != TikiVipTransactionStatus.Pending)
            {
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.ConfirmedByLookup, null, transaction.Status, null, CancellationToken.None).ConfigureAwait(false);
                LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, transaction.Status);
                return;
            }

            await StillPendingAsync(entry, attempt, null).ConfigureAwait(false);
        }
        catch (TikiVipApiException lookup) when (lookup.IsTransient)
        {
            await StillPendingAsync(entry, attempt, OutboxFailure.Of(lookup, prefix: "lookup: ") with { Action = TikiVipRecommendedAction.LookUpAgain }).ConfigureAwait(false);
        }
        catch (TikiVipApiException lookup)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.Of(lookup, prefix: "Tiki recorded the transaction as PENDING; a later lookup failed: "), null, null, CancellationToken.None).ConfigureAwait(false);
            LogFailed(logger, entry.Id, entry.TikiTransactionId, attempt);
        }
    }

    private async Task SettleAsync(IpnOutboxEntry entry, int attempt, IpnDeliveryResult result)
    {
        switch (result.Status)
        {
            case IpnDeliveryStatus.RecordedByTiki:
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.ConfirmedByLookup, OutboxFailure.Of(result.IpnError!) with { Action = result.RecommendedAction }, result.Transaction!.Status, null, CancellationToken.None).ConfigureAwait(false);
                LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, result.Transaction.Status);
                break;
            case IpnDeliveryStatus.PendingAtTiki:
                await StillPendingAsync(entry, attempt, OutboxFailure.Of(result.IpnError!) with { Action = TikiVipRecommendedAction.LookUpAgain }).ConfigureAwait(false);
                break;
            case IpnDeliveryStatus.Rejected:
                // Refused, and the lookup confirmed Tiki has no such transaction: the refusal stands.
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError!, result.LookupError!, result.IpnError!.RecommendedAction), null, null, CancellationToken.None).ConfigureAwait(false);
                LogRejected(logger, entry.Id, entry.TikiTransactionId, result.IpnError!.Code, result.IpnError.RecommendedAction);
                break;
            default:
                var verify = result.IpnError!.IsTransient ? null : " (Tiki refused a retry, but an earlier attempt may have been recorded: verify before refunding)";
                await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, OutboxFailure.WithLookup(result.IpnError, result.LookupError!, TikiVipRecommendedAction.Retry, verify), null, null, CancellationToken.None).ConfigureAwait(false);
                LogFailed(logger, entry.Id, entry.TikiTransactionId, attempt);
                break;
        }
    }

    /// <summary>Tiki has not decided: look again after a backoff, until the horizon since its first PENDING answer.</summary>
    private async Task StillPendingAsync(IpnOutboxEntry entry, int attempt, OutboxFailure? error)
    {
        var horizon = options.Value.OutboxPendingHorizon;
        var since = entry.PendingAtTikiSince ?? time.GetUtcNow();
        if (time.GetUtcNow() - since >= horizon)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, new OutboxFailure($"still PENDING at Tiki after {horizon} (since {since:u}): ask Tiki about this transaction", null, null, TikiVipRecommendedAction.LookUpAgain), TikiVipTransactionStatus.Pending, null, CancellationToken.None).ConfigureAwait(false);
            LogStillPending(logger, entry.Id, entry.TikiTransactionId, horizon);
            return;
        }

        await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Pending, error, TikiVipTransactionStatus.Pending, Backoff(attempt), CancellationToken.None).ConfigureAwait(false);
        LogPendingAtTiki(logger, entry.Id, entry.TikiTransactionId);
    }

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

    [LoggerMessage(EventId = 2005, EventName = "OutboxRoundFailed", Level = LogLevel.Warning, Message = "An IPN outbox round failed; trying again shortly.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
