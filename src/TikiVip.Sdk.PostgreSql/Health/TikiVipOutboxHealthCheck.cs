using Microsoft.Extensions.Diagnostics.HealthChecks;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Outbox;

namespace TikiVip.Sdk.PostgreSql.Health;

/// <summary>
/// Unhealthy when the oldest pending IPN waits longer than allowed (delivery is stuck) or the database cannot be
/// read; degraded while failed IPNs wait for a person (Tiki refunds those customers unless someone acts).
/// </summary>
internal sealed class TikiVipOutboxHealthCheck(PostgreSqlIpnOutbox outbox, TimeProvider time, TimeSpan maxPendingAge) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IpnOutboxSummary summary;
        try
        {
            summary = await outbox.GetSummaryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The IPN outbox cannot be read.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = summary.Pending,
            ["failed"] = summary.Failed,
            ["delivered"] = summary.Delivered,
            ["confirmed_by_lookup"] = summary.ConfirmedByLookup,
        };
        if (summary.CountLimit is { } limit)
        {
            data["counted_up_to"] = limit; // a count equal to it means at least that many
        }

        if (summary.OldestPendingSince is { } since && time.GetUtcNow() - since is var age && age > maxPendingAge)
        {
            data["oldest_pending_age_seconds"] = (long)age.TotalSeconds;
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The oldest pending IPN has waited {age:g}, longer than {maxPendingAge:g}: delivery to Tiki is stuck.",
                data: data);
        }

        return summary.Failed > 0
            ? HealthCheckResult.Degraded($"{summary.Failed}{(summary.IsAtLeast(summary.Failed) ? " or more" : "")} IPN(s) failed and need a person: see IIpnOutbox.GetAsync(IpnOutboxState.Failed).", data: data)
            : HealthCheckResult.Healthy($"{summary.Pending} IPN(s) pending, none failed.", data);
    }
}
