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

    /// <summary>When the first queued of the pending entries was queued, or <see langword="null"/> when none is pending.</summary>
    public DateTimeOffset? OldestPendingSince { get; init; }

    /// <summary>
    /// Since when the delivering instances have found Tiki unreachable (they then probe it with one call at a time
    /// instead of sending every IPN), or <see langword="null"/> while Tiki answers.
    /// </summary>
    public DateTimeOffset? TikiUnreachableSince { get; init; }

    /// <summary>
    /// Where the store stopped counting, or <see langword="null"/> when every count is exact. A count that reached it
    /// means at least that many (see <see cref="IsAtLeast"/>): a store holding months of delivered IPNs counts them
    /// only so far, so that looking at the outbox stays cheap.
    /// </summary>
    public long? CountLimit { get; init; }

    /// <summary>Whether one of this summary's counts stopped at <see cref="CountLimit"/>, so the true number may be higher.</summary>
    /// <param name="count">One of <see cref="Pending"/>, <see cref="Delivered"/>, <see cref="ConfirmedByLookup"/>, <see cref="Failed"/>.</param>
    /// <returns><see langword="true"/> when the count means "at least this many".</returns>
    public bool IsAtLeast(long count) => CountLimit is { } limit && count >= limit;
}
