namespace TikiVip.Sdk.Refunds;

/// <summary>Which quarantined refunds to read: a search and a filter run in the store, most recently received first, a page at a time.</summary>
public sealed class RefundQuarantineQuery
{
    /// <summary>Only the entry of this refund request id or quarantine id (exact, any case).</summary>
    public string? Search { get; init; }

    /// <summary>Resolved entries too (by default only those still waiting for a person).</summary>
    public bool IncludeResolved { get; init; }

    /// <summary>Where the page starts: <see cref="RefundQuarantinePage.NextAfter"/> of the previous page.</summary>
    public string? After { get; init; }

    /// <summary>At most this many (1 to 10,000). Default: 100.</summary>
    public int Limit { get; init; } = 100;
}
