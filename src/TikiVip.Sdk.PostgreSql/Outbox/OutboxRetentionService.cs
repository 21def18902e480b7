using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>Deletes settled IPNs, with their calls to Tiki, once <see cref="TikiVipPostgreSqlOptions.OutboxRetention"/> has passed.</summary>
internal sealed partial class OutboxRetentionService(
    PostgreSqlIpnOutbox outbox,
    IOptions<TikiVipPostgreSqlOptions> options,
    TimeProvider time,
    ILogger<OutboxRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.OutboxRetention is not { } retention)
        {
            return; // every entry is kept
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await outbox.DeleteSettledAsync(retention, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogDeleted(logger, deleted, retention);
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

    [LoggerMessage(EventId = 2010, EventName = "OutboxRetentionDeleted", Level = LogLevel.Information, Message = "Deleted {Count} settled IPNs older than {Retention} from the outbox, with their calls to Tiki.")]
    private static partial void LogDeleted(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 2011, EventName = "OutboxRetentionFailed", Level = LogLevel.Warning, Message = "Outbox retention cleanup failed; retrying in a minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
