namespace TikiVip.Sdk.PostgreSql;

/// <summary>Settings of the PostgreSQL stores (<c>TikiVip:PostgreSql</c>); the IPN outbox's are in <see cref="Outbox"/>.</summary>
public sealed class TikiVipPostgreSqlOptions
{
    /// <summary>The schema holding the SDK's tables: lowercase letters, digits and '_'. Default: <c>tikivip</c>.</summary>
    public string Schema { get; set; } = "tikivip";

    /// <summary>Create or upgrade the tables when the host starts. Turn off to run <see cref="TikiVipPostgreSqlMigrator"/> yourself. Default: on.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long a refund claim may stay in progress before another instance may take it over (its owner is
    /// presumed crashed). Must exceed the longest refund handler run. Default: 5 minutes.
    /// </summary>
    public TimeSpan RefundClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often completed refunds and settled IPNs past their retention are deleted. Default: 1 hour.</summary>
    public TimeSpan RetentionCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The IPN outbox: delivery, retries, leases and retention (<c>TikiVip:PostgreSql:Outbox:*</c>).</summary>
    public TikiVipOutboxOptions Outbox { get; set; } = new();
}
