using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

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
        catch (TikiVipApiException ex) when (!ex.IsTransient)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, Describe(ex), null, null, CancellationToken.None).ConfigureAwait(false);
            LogRejected(logger, entry.Id, entry.TikiTransactionId, ex.Code, ex.RecommendedAction);
            return;
        }
        catch (TikiVipApiException ex)
        {
            failure = ex;
        }

        var settings = options.Value;
        if (attempt < settings.OutboxMaxAttempts)
        {
            var wait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, settings.OutboxBackoff.Ticks * (1L << Math.Min(attempt - 1, 20))));
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Pending, Describe(failure), null, wait, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Tiki's flow: the retries are spent, so ask Tiki what it recorded.
        try
        {
            var transaction = await client.GetTransactionAsync(entry.TikiTransactionId, cancellationToken).ConfigureAwait(false);
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.ConfirmedByLookup, Describe(failure), transaction.Status, null, CancellationToken.None).ConfigureAwait(false);
            LogConfirmedByLookup(logger, entry.Id, entry.TikiTransactionId, transaction.Status);
        }
        catch (TikiVipApiException lookup)
        {
            await outbox.SettleAsync(entry.Id, _instance, IpnOutboxState.Failed, $"{Describe(failure)}; lookup: {Describe(lookup)}", null, null, CancellationToken.None).ConfigureAwait(false);
            LogFailed(logger, entry.Id, entry.TikiTransactionId, attempt);
        }
    }

    private static string Describe(TikiVipApiException ex) =>
        $"{(ex.StatusCode is { } s ? $"HTTP {(int)s} " : "")}{(ex.ResultCode is { } c ? $"code {(int)c} {c} " : ex.Code is { } n ? $"code {n} " : "")}" +
        $"{(ex.TikiMessage is { } m ? $"\"{m}\" " : "")}action {ex.RecommendedAction}{(ex.StatusCode is null && ex.Code is null ? $" ({ex.Message})" : "")}";

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

    [LoggerMessage(EventId = 2005, EventName = "OutboxRoundFailed", Level = LogLevel.Warning, Message = "An IPN outbox round failed; trying again shortly.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
