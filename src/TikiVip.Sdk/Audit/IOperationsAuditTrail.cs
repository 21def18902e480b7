namespace TikiVip.Sdk.Audit;

/// <summary>
/// Who did what on the operations page (retries, resolutions, re-runs), when, and how it ended, kept in the store
/// so support staff and auditors read it on the page rather than in one instance's log. In memory by default (this
/// process's last entries); in PostgreSQL, shared and kept, with <c>UsePostgreSql</c>.
/// </summary>
public interface IOperationsAuditTrail
{
    /// <summary>Records an action.</summary>
    /// <param name="entry">What was done; its <see cref="OperationsAuditEntry.Id"/> is assigned by the store.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the entry is recorded.</returns>
    Task RecordAsync(OperationsAuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The recorded actions, newest first, a page at a time (keyset paging).</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The page and where the next one starts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1 to 10,000.</exception>
    Task<KeysetPage<OperationsAuditEntry>> QueryAsync(OperationsAuditQuery query, CancellationToken cancellationToken = default);
}
