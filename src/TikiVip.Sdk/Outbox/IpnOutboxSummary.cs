namespace TikiVip.Sdk.Outbox;

/// <summary>The state of the IPN outbox at a glance, from <see cref="IIpnOutbox.GetSummaryAsync"/>.</summary>
public sealed class IpnOutboxSummary
{
    /// <summary>Entries waiting for delivery (including those being delivered now).</summary>
    public long Pending { get; init; }

    /// <summary>Entries Tiki acknowledged.</summary>
    public long Delivered { get; init; }

    /// <summary>Entries whose IPN was never confirmed but whose transaction Tiki's lookup showed.</summary>
    public long ConfirmedByLookup { get; init; }

    /// <summary>Entries that need a person: refused by Tiki, or unconfirmed and not found by the lookup.</summary>
    public long Failed { get; init; }

    /// <summary>When the oldest pending entry was queued, or <see langword="null"/> when none is pending.</summary>
    public DateTimeOffset? OldestPendingSince { get; init; }
}
