using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Health;
using TikiVip.Sdk.PostgreSql.Outbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for the SDK's PostgreSQL parts.</summary>
public static class TikiVipHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <c>tikivip-outbox</c> (unhealthy when the oldest pending IPN is older than <paramref name="maxPendingAge"/>,
    /// degraded while failed IPNs wait for a person) and <c>tikivip-refund-store</c> (unhealthy when the refund
    /// idempotency table cannot be read). Needs <c>UsePostgreSql</c>.
    /// </summary>
    /// <param name="builder">The application's health checks.</param>
    /// <param name="maxPendingAge">How long an IPN may wait before delivery counts as stuck. Default: 10 minutes.</param>
    /// <param name="tags">Tags for both checks, e.g. <c>"ready"</c>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPendingAge"/> is not positive.</exception>
    /// <example><code>builder.Services.AddHealthChecks().AddTikiVipPostgreSql(tags: ["ready"]);</code></example>
    public static IHealthChecksBuilder AddTikiVipPostgreSql(this IHealthChecksBuilder builder, TimeSpan? maxPendingAge = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var age = maxPendingAge ?? TimeSpan.FromMinutes(10);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(age, TimeSpan.Zero, nameof(maxPendingAge));
        var tagList = tags?.ToArray() ?? [];

        builder.Add(new HealthCheckRegistration(
            "tikivip-outbox",
            provider => new TikiVipOutboxHealthCheck(provider.GetRequiredService<PostgreSqlIpnOutbox>(), provider.GetRequiredService<TimeProvider>(), age),
            HealthStatus.Unhealthy,
            tagList));
        builder.Add(new HealthCheckRegistration(
            "tikivip-refund-store",
            provider => new TikiVipRefundStoreHealthCheck(
                provider.GetRequiredService<TikiVipDataSource>().Value, provider.GetRequiredService<IOptions<TikiVipPostgreSqlOptions>>().Value.Schema),
            HealthStatus.Unhealthy,
            tagList));
        return builder;
    }
}
