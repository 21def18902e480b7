using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>Records a failed step on the day's run (under its lease), with a bounded, readable reason.</summary>
internal static class RunFailure
{
    private const int ErrorLength = 2_000;

    public static async Task<ReconciliationRun?> RecordAsync(DayLease lease, ReconciliationRun run, ReconciliationStep step, Exception exception, TimeProvider time, ILogger logger)
    {
        var error = Describe(step, exception);
        run = run with { State = ReconciliationRunState.Failed, Error = error, FailedAttempts = run.FailedAttempts + 1, UpdatedAt = time.GetUtcNow() };
        ReconciliationJobLog.Failed(logger, run.Date, step.Description(), run.FailedAttempts, error, exception);
        try
        {
            await lease.SaveAsync(run).ConfigureAwait(false);
            return run;
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            return null;
        }
    }

    private static string Describe(ReconciliationStep step, Exception exception)
    {
        var message = exception is ReconciliationException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
        var text = $"Failed while {step.Description()}: {message}";
        return text.Length <= ErrorLength ? text : text[..ErrorLength] + "...";
    }
}
