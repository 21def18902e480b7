using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// Unhealthy when the latest day due (yesterday, once the run time and the grace period have passed) is not on
/// Tiki's server, or the run store cannot be read; degraded when Tiki's results for a delivered day differ.
/// </summary>
internal sealed class ReconciliationHealthCheck(ReconciliationJob job, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var due = job.DeliveryDueDay(time.GetUtcNow());
        IReadOnlyList<ReconciliationRun> runs;
        try
        {
            runs = await job.GetRunsAsync(due, due, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The reconciliation runs cannot be read.", ex);
        }

        var run = runs.Count > 0 ? runs[0] : null;
        var data = new Dictionary<string, object>
        {
            ["date"] = due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["state"] = run?.State.ToString() ?? "NotStarted",
        };
        if (run is not { IsDelivered: true })
        {
            if (run?.Error is { } error)
            {
                data["error"] = error;
            }

            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The reconciliation file of {due:yyyy-MM-dd} is not on Tiki's server ({(run is null ? "the job has not run for that day" : run.Error ?? $"state {run.State}")}).",
                data: data);
        }

        if (run.Mismatches is > 0)
        {
            data["mismatches"] = run.Mismatches;
            return HealthCheckResult.Degraded($"Tiki's results for {due:yyyy-MM-dd} differ in {run.Mismatches} place(s); see {run.ReportPath}.", data: data);
        }

        return HealthCheckResult.Healthy($"The reconciliation file of {due:yyyy-MM-dd} is on Tiki's server.", data);
    }
}
