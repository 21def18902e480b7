using Microsoft.Extensions.Diagnostics.HealthChecks;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The daily reconciliation job's health check.</summary>
public static class TikiVipReconciliationHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <c>tikivip-reconciliation</c>: unhealthy when yesterday's file is not on Tiki's server once
    /// <see cref="ReconciliationJobOptions.RunAt"/> plus <see cref="ReconciliationJobOptions.DeliveryGracePeriod"/>
    /// has passed in Vietnam (or the runs cannot be read), degraded when Tiki's results for it differ. Needs
    /// <c>AddReconciliation</c>.
    /// </summary>
    /// <param name="builder">The application's health checks.</param>
    /// <param name="tags">Tags for the check, e.g. <c>"ready"</c>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <example><code>builder.Services.AddHealthChecks().AddTikiVipReconciliation();</code></example>
    public static IHealthChecksBuilder AddTikiVipReconciliation(this IHealthChecksBuilder builder, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new HealthCheckRegistration(
            "tikivip-reconciliation",
            provider => new ReconciliationHealthCheck(provider.GetRequiredService<ReconciliationJob>(), provider.GetRequiredService<TimeProvider>()),
            HealthStatus.Unhealthy,
            tags?.ToArray() ?? []));
        return builder;
    }
}
