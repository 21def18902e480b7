namespace TikiVip.Sdk.Refunds;

/// <summary>Which refund deliveries to read: a search and a filter run in the store, newest first, a page at a time.</summary>
public sealed class RefundHistoryQuery
{
    /// <summary>Only deliveries of this refund request id or this Tiki transaction id (exact, any case).</summary>
    public string? Search { get; init; }

    /// <summary>Only deliveries answered this way.</summary>
    public RefundOutcome? Outcome { get; init; }

    /// <summary>Only deliveries older than this one (<see cref="RefundHistoryEntry.Id"/>): the next page.</summary>
    public long? Before { get; init; }

    /// <summary>At most this many (1 to 10,000). Default: 100.</summary>
    public int Limit { get; init; } = 100;
}
