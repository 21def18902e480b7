namespace TikiVip.Sdk.Refunds;

/// <summary>A refund whose handler is running now (or whose instance died while it ran, until its lease ends).</summary>
public sealed record InProgressRefund
{
    /// <summary>Tiki's <c>request_id</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the claim was taken.</summary>
    public DateTimeOffset ClaimedAt { get; init; }

    /// <summary>
    /// When another instance may take the refund over, for a store shared by several instances; <see langword="null"/>
    /// for the in-memory store, whose claims are held until the handler returns.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; init; }
}
