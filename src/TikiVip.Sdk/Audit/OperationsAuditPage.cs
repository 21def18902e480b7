namespace TikiVip.Sdk.Audit;

/// <summary>One page of the audit trail, newest first, and where the next page starts.</summary>
public sealed class OperationsAuditPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="entries">The actions, newest first.</param>
    /// <param name="nextBefore">The <see cref="OperationsAuditQuery.Before"/> of the next page; <see langword="null"/> on the last.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public OperationsAuditPage(IReadOnlyList<OperationsAuditEntry> entries, long? nextBefore)
    {
        Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        NextBefore = nextBefore;
    }

    /// <summary>The actions, newest first.</summary>
    public IReadOnlyList<OperationsAuditEntry> Entries { get; }

    /// <summary>The <see cref="OperationsAuditQuery.Before"/> of the next page; <see langword="null"/> on the last.</summary>
    public long? NextBefore { get; }
}
