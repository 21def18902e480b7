namespace TikiVip.Sdk.Refunds;

/// <summary>One page of refund deliveries, newest first, and where the next page starts.</summary>
public sealed class RefundHistoryPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="entries">The deliveries, newest first.</param>
    /// <param name="nextBefore">The <see cref="RefundHistoryQuery.Before"/> of the next page; <see langword="null"/> on the last.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public RefundHistoryPage(IReadOnlyList<RefundHistoryEntry> entries, long? nextBefore)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        NextBefore = nextBefore;
    }

    /// <summary>The deliveries, newest first.</summary>
    public IReadOnlyList<RefundHistoryEntry> Entries { get; }

    /// <summary>The <see cref="RefundHistoryQuery.Before"/> of the next page; <see langword="null"/> on the last.</summary>
    public long? NextBefore { get; }
}
