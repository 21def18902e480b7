namespace TikiVip.Sdk.Refunds;

/// <summary>One page of quarantined refunds, most recently received first, and where the next page starts.</summary>
/// <remarks>
/// Why not <see cref="KeysetPage{T}"/>, the page of every other list: the quarantine is ordered by when an entry was
/// last received, which changes as Tiki retries, so its cursor is (time, id), opaque; the other lists page on an id
/// that only grows (<see cref="KeysetPage{T}.NextBefore"/>), a number a partner's store can use as it is.
/// </remarks>
public sealed class RefundQuarantinePage
{
    /// <summary>Creates a page.</summary>
    /// <param name="entries">The entries, most recently received first.</param>
    /// <param name="nextAfter">The <see cref="RefundQuarantineQuery.After"/> of the next page; <see langword="null"/> on the last.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public RefundQuarantinePage(IReadOnlyList<QuarantinedRefund> entries, string? nextAfter)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        NextAfter = nextAfter;
    }

    /// <summary>The entries, most recently received first.</summary>
    public IReadOnlyList<QuarantinedRefund> Entries { get; }

    /// <summary>The <see cref="RefundQuarantineQuery.After"/> of the next page (opaque); <see langword="null"/> on the last.</summary>
    public string? NextAfter { get; }
}
