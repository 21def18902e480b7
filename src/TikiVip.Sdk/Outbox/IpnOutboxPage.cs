namespace TikiVip.Sdk.Outbox;

/// <summary>One page of an <see cref="IpnOutboxQuery"/>, newest first.</summary>
public sealed class IpnOutboxPage
{
    /// <summary>Creates a page (stores do this).</summary>
    /// <param name="entries">The entries, newest (highest id) first.</param>
    /// <param name="nextBefore">The <see cref="IpnOutboxQuery.Before"/> of the next page, or <see langword="null"/> when this is the last.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public IpnOutboxPage(IReadOnlyList<IpnOutboxEntry> entries, long? nextBefore)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        NextBefore = nextBefore;
    }

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<IpnOutboxEntry> Entries { get; }

    /// <summary>Where the next page starts, or <see langword="null"/> when there is none.</summary>
    public long? NextBefore { get; }
}
