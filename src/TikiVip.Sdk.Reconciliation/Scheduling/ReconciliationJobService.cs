using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>Wakes the job at start, at the daily run time in Vietnam, and every check interval.</summary>
internal sealed class ReconciliationJobService(
    ReconciliationJob job, IOptions<ReconciliationJobOptions> options, TimeProvider time, ILogger<ReconciliationJobService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var dueBefore = VietnamCalendar.LatestDueDay(time.GetUtcNow(), options.Value.RunAt);
            try
            {
                await job.RunDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store was unreachable, say; days are recorded, so the next wake picks up from there.
                ReconciliationJobLog.CheckFailed(logger, ex);
            }

            var now = time.GetUtcNow();
            if (VietnamCalendar.LatestDueDay(now, options.Value.RunAt) != dueBefore)
            {
                continue; // the run time passed while this check ran (a long catch-up): the new day is due now, not at the next check
            }

            var next = VietnamCalendar.NextRunAt(now, options.Value.RunAt);
            var wait = next - now < options.Value.CheckInterval ? next - now : options.Value.CheckInterval;
            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
