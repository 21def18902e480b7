namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// The partner's transactions of a day, which the daily job writes into Tiki's reconciliation files and later
/// compares with Tiki's results. Resolved in a scope of its own for each use, so it may depend on a
/// <c>DbContext</c> or another scoped service.
/// </summary>
public interface IReconciliationSource
{
    /// <summary>
    /// Streams the day's records: those dated on <paramref name="day"/> in Vietnam time by
    /// <see cref="ReconciliationJobOptions.DateBasis"/> (a record outside the day fails the run, naming the row).
    /// It is called again for the same day when a run resumes on another instance or when Tiki's results are
    /// matched, so it should return the same rows for a day that is over.
    /// </summary>
    /// <param name="day">The day, in Vietnam time (UTC+7).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The day's records, streamed.</returns>
    IAsyncEnumerable<ReconciliationRecord> GetRecordsAsync(DateOnly day, CancellationToken cancellationToken);
}
