namespace TikiVip.Sdk.Outbox;

/// <summary>
/// What to find in the outbox, run by the store itself (with indexes), newest first and a page at a time, so a
/// search at sale-day volume finds an entry whatever its age.
/// </summary>
public sealed class IpnOutboxQuery
{
    /// <summary>Only entries in this state; <see langword="null"/> for every state.</summary>
    public IpnOutboxState? State { get; init; }

    /// <summary>
    /// Only the entries of this transaction: its Tiki transaction id or the partner's transaction id, whole (in any case);
    /// <see langword="null"/> or empty for every transaction.
    /// </summary>
    public string? TransactionId { get; init; }

    /// <summary>Only entries whose last failure carries this recommended action from Tiki (e.g. every failure of the credentials); <see langword="null"/> for any.</summary>
    public TikiVipRecommendedAction? RecommendedAction { get; init; }

    /// <summary>Keyset paging: only entries with an id below this one (the previous page's <see cref="KeysetPage{T}.NextBefore"/>).</summary>
    public long? Before { get; init; }

    /// <summary>At most this many entries (1 to <see cref="ListLimit.Max"/>). Default: 100.</summary>
    public int Limit { get; init; } = 100;
}
