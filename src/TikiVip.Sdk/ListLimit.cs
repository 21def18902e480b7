namespace TikiVip.Sdk;

/// <summary>
/// The bounds of every list a store returns (outbox entries, quarantined refunds, refund history), so that a page
/// or a tool can never ask a store for everything at once. Providers check their <c>limit</c> arguments with it.
/// </summary>
public static class ListLimit
{
    /// <summary>The largest number of items one call may ask for.</summary>
    public const int Max = 10_000;

    /// <summary>Returns <paramref name="limit"/> when it is between 1 and <see cref="Max"/>.</summary>
    /// <param name="limit">The requested number of items.</param>
    /// <returns>The same number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1 or above <see cref="Max"/>.</exception>
    public static int Check(int limit) =>
        limit is >= 1 and <= Max ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be between 1 and 10,000.");
}
