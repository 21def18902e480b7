namespace TikiVip.Sdk;

/// <summary>
/// One page of a list read newest first (IPN outbox entries, refund deliveries, audit entries), and where the next
/// page starts: keyset paging on the entries' increasing id, so a page costs the same however deep it is.
/// </summary>
/// <typeparam name="T">The entries.</typeparam>
public sealed class KeysetPage<T>
{
    /// <summary>Creates a page (stores do this; see <see cref="KeysetPage.FromRowsRead"/>).</summary>
    /// <param name="entries">The entries, newest (highest id) first.</param>
    /// <param name="nextBefore">The <c>Before</c> of the next page's query, or <see langword="null"/> when this is the last.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public KeysetPage(IReadOnlyList<T> entries, long? nextBefore)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        NextBefore = nextBefore;
    }

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<T> Entries { get; }

    /// <summary>The <c>Before</c> of the next page's query, or <see langword="null"/> when this is the last page.</summary>
    public long? NextBefore { get; }
}
