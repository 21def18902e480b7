namespace TikiVip.Sdk;

/// <summary>Makes <see cref="KeysetPage{T}"/>s: what a store of one's own uses to page as the SDK's stores do.</summary>
public static class KeysetPage
{
    /// <summary>
    /// The page a store makes of what it read when asked for one row more than <paramref name="limit"/>: that extra
    /// row only says a next page exists, and the next page starts below the last id kept.
    /// </summary>
    /// <typeparam name="T">The entries.</typeparam>
    /// <param name="read">The rows read, newest first, at most <paramref name="limit"/> + 1.</param>
    /// <param name="limit">The page's size.</param>
    /// <param name="id">An entry's id.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="read"/> or <paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to <see cref="ListLimit.Max"/>.</exception>
    public static KeysetPage<T> FromRowsRead<T>(IReadOnlyList<T> read, int limit, Func<T, long> id)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(id);
        ListLimit.Check(limit);
        return read.Count > limit ? new KeysetPage<T>(read.Take(limit).ToArray(), id(read[limit - 1])) : new KeysetPage<T>(read, null);
    }
}
