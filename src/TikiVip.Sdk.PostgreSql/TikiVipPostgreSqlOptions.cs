using System.ComponentModel;

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

    // The flat names of 0.1 (TikiVip:PostgreSql:OutboxLease, ...), declared before Outbox: configuration binds them first, so a nested key wins.

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.Deliver"/> (<c>Outbox:Deliver</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.Deliver (configuration key TikiVip:PostgreSql:Outbox:Deliver).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool DeliverOutbox { get => Outbox.Deliver; set => Outbox.Deliver = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.PollInterval"/> (<c>Outbox:PollInterval</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.PollInterval (configuration key TikiVip:PostgreSql:Outbox:PollInterval).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxPollInterval { get => Outbox.PollInterval; set => Outbox.PollInterval = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.BatchSize"/> (<c>Outbox:BatchSize</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.BatchSize (configuration key TikiVip:PostgreSql:Outbox:BatchSize).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int OutboxBatchSize { get => Outbox.BatchSize; set => Outbox.BatchSize = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.MaxConcurrency"/> (<c>Outbox:MaxConcurrency</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.MaxConcurrency (configuration key TikiVip:PostgreSql:Outbox:MaxConcurrency).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int OutboxMaxConcurrency { get => Outbox.MaxConcurrency; set => Outbox.MaxConcurrency = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.Lease"/> (<c>Outbox:Lease</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.Lease (configuration key TikiVip:PostgreSql:Outbox:Lease).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxLease { get => Outbox.Lease; set => Outbox.Lease = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.MaxAttempts"/> (<c>Outbox:MaxAttempts</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.MaxAttempts (configuration key TikiVip:PostgreSql:Outbox:MaxAttempts).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int OutboxMaxAttempts { get => Outbox.MaxAttempts; set => Outbox.MaxAttempts = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.Backoff"/> (<c>Outbox:Backoff</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.Backoff (configuration key TikiVip:PostgreSql:Outbox:Backoff).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxBackoff { get => Outbox.Backoff; set => Outbox.Backoff = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.MaxBackoff"/> (<c>Outbox:MaxBackoff</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.MaxBackoff (configuration key TikiVip:PostgreSql:Outbox:MaxBackoff).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxMaxBackoff { get => Outbox.MaxBackoff; set => Outbox.MaxBackoff = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.DeliveryHorizon"/> (<c>Outbox:DeliveryHorizon</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.DeliveryHorizon (configuration key TikiVip:PostgreSql:Outbox:DeliveryHorizon).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxDeliveryHorizon { get => Outbox.DeliveryHorizon; set => Outbox.DeliveryHorizon = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.PendingHorizon"/> (<c>Outbox:PendingHorizon</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.PendingHorizon (configuration key TikiVip:PostgreSql:Outbox:PendingHorizon).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan OutboxPendingHorizon { get => Outbox.PendingHorizon; set => Outbox.PendingHorizon = value; }

    /// <summary>Obsolete name of <see cref="TikiVipOutboxOptions.Retention"/> (<c>Outbox:Retention</c>), kept for one version.</summary>
    [Obsolete("Use Outbox.Retention (configuration key TikiVip:PostgreSql:Outbox:Retention).")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan? OutboxRetention { get => Outbox.Retention; set => Outbox.Retention = value; }

    /// <summary>The IPN outbox: delivery, retries, leases and retention (<c>TikiVip:PostgreSql:Outbox:*</c>).</summary>
    public TikiVipOutboxOptions Outbox { get; set; } = new();
}
