using Microsoft.Extensions.Diagnostics.HealthChecks;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Outbox;

namespace TikiVip.Sdk.PostgreSql.Health;

/// <summary>
/// Unhealthy when the oldest pending IPN waits longer than allowed (delivery is stuck) or the database cannot be
/// read; degraded while Tiki is unreachable (naming since when), or while failed IPNs wait for a person (Tiki
/// refunds those customers unless someone acts).
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

        var unreachable = summary.TikiUnreachableSince is { } down ? $"Tiki is unreachable since {down:u}" : null;
        if (summary.TikiUnreachableSince is { } downSince)
        {
            data["tiki_unreachable_since"] = downSince.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (summary.OldestPendingSince is { } since && time.GetUtcNow() - since is var age && age > maxPendingAge)
        {
            data["oldest_pending_age_seconds"] = (long)age.TotalSeconds;
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The oldest pending IPN has waited {age:g}, longer than {maxPendingAge:g}: " + (unreachable is null ? "delivery to Tiki is stuck." : unreachable + "."),
                data: data);
        }

        if (unreachable is not null)
        {
            return HealthCheckResult.Degraded(
                $"{unreachable}: {summary.Pending}{(summary.IsAtLeast(summary.Pending) ? " or more" : "")} IPN(s) wait and are delivered once it answers (one probe at a time meanwhile).",
                data: data);
        }

        return summary.Failed > 0
            ? HealthCheckResult.Degraded($"{summary.Failed}{(summary.IsAtLeast(summary.Failed) ? " or more" : "")} IPN(s) failed and need a person: see the operations page, or IIpnOutbox.QueryAsync with State = Failed.", data: data)
            : HealthCheckResult.Healthy($"{summary.Pending} IPN(s) pending, none failed.", data);
    }
}
