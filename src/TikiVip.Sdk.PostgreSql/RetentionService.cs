using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.PostgreSql.Refunds;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// Deletes what has outlived its retention, every <see cref="TikiVipPostgreSqlOptions.RetentionCleanupInterval"/>:
/// completed refunds and their history after <c>TikiVip:Refunds:IdempotencyRetention</c>, and settled IPNs with
/// their calls to Tiki after <see cref="TikiVipOutboxOptions.Retention"/>.
/// </summary>
internal sealed partial class RetentionService(
    PostgreSqlRefundIdempotencyStore store,
    PostgreSqlRefundHistory history,
    PostgreSqlIpnOutbox outbox,
    IOptions<TikiVipPostgreSqlOptions> options,
    IOptionsMonitor<TikiVipOptions> sdkOptions,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var retention = sdkOptions.CurrentValue.Refunds.IdempotencyRetention;
                var deleted = await store.DeleteExpiredAsync(retention, stoppingToken).ConfigureAwait(false);
                deleted += await history.DeleteExpiredAsync(retention, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogRefundsDeleted(logger, deleted);
                }

                if (options.Value.Outbox.Retention is { } outboxRetention
                    && await outbox.DeleteSettledAsync(outboxRetention, stoppingToken).ConfigureAwait(false) is > 0 and var ipns)
                {
                    LogIpnsDeleted(logger, ipns, outboxRetention);
                }

                await Task.Delay(options.Value.RetentionCleanupInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogFailed(logger, ex);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 2201, EventName = "RefundRetentionDeleted", Level = LogLevel.Information, Message = "Deleted {Count} expired refund idempotency and history records.")]
    private static partial void LogRefundsDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 2202, EventName = "RefundRetentionFailed", Level = LogLevel.Warning, Message = "Retention cleanup (refunds and settled IPNs) failed; retrying in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2010, EventName = "OutboxRetentionDeleted", Level = LogLevel.Information, Message = "Deleted {Count} settled IPNs older than {Retention} from the outbox, with their calls to Tiki.")]
    private static partial void LogIpnsDeleted(ILogger logger, int count, TimeSpan retention);
}
