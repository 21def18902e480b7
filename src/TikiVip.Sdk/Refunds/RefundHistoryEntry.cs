namespace TikiVip.Sdk.Refunds;

/// <summary>One delivery of a refund callback and how it was answered, for support staff.</summary>
public sealed record RefundHistoryEntry
{
    /// <summary>Tiki's <c>request_id</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary>The store's number for the entry, increasing with each delivery recorded (0 until recorded): where a page starts.</summary>
    public long Id { get; init; }

    /// <summary>Tiki's transaction id of the refunded payment.</summary>
    public required string TikiTransactionId { get; init; }

    /// <summary>The amount the refund asked for in VND (<see cref="RefundRequest.RefundAmount"/>).</summary>
    public long Amount { get; init; }

    /// <summary>How the delivery was answered.</summary>
    public RefundOutcome Outcome { get; init; }

    /// <summary>Why it failed, for <see cref="RefundOutcome.Failed"/>: the handler's reason, or the exception's type.</summary>
    public string? Detail { get; init; }

    /// <summary>When it was answered.</summary>
    public DateTimeOffset At { get; init; }
}
