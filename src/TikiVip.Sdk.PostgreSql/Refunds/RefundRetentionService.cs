using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>Deletes completed refunds and their history once <c>TikiVip:Refunds:IdempotencyRetention</c> has passed.</summary>
internal sealed partial class RefundRetentionService(
    PostgreSqlRefundIdempotencyStore store,
    PostgreSqlRefundHistory history,
    IOptions<TikiVipPostgreSqlOptions> options,
    IOptionsMonitor<TikiVipOptions> sdkOptions,
    TimeProvider time,
    ILogger<RefundRetentionService> logger) : BackgroundService
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
                    LogDeleted(logger, deleted);
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
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 2202, EventName = "RefundRetentionFailed", Level = LogLevel.Warning, Message = "Refund retention cleanup failed; retrying in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
