namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// Where the daily job records its runs and which instance works on a day. A day is worked on under a lease:
/// one owner at a time; an owner that dies loses it when it expires, and another instance resumes the run
/// from what was recorded. The in-memory default serves one instance; <c>UsePostgreSql</c> shares it.
/// </summary>
public interface IReconciliationRunStore
{
    /// <summary>Takes the day's lease unless another owner holds an unexpired one.</summary>
    /// <param name="partnerName">The partner.</param>
    /// <param name="day">The day.</param>
    /// <param name="owner">Who takes it: unique per instance.</param>
    /// <param name="now">The current time, by which other leases are judged expired.</param>
    /// <param name="leaseUntil">When the lease expires unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run as recorded (a new <see cref="ReconciliationRunState.Pending"/> one for a day never seen), or <see langword="null"/> when another owner holds the day.</returns>
    Task<ReconciliationRun?> TryAcquireAsync(string partnerName, DateOnly day, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease <paramref name="owner"/> holds.</summary>
    /// <param name="partnerName">The partner.</param>
    /// <param name="day">The day.</param>
    /// <param name="owner">The lease's holder.</param>
    /// <param name="leaseUntil">The new expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when <paramref name="owner"/> no longer holds it.</returns>
    Task<bool> RenewAsync(string partnerName, DateOnly day, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Records the run, if <paramref name="owner"/> still holds its lease.</summary>
    /// <param name="run">The run's new record.</param>
    /// <param name="owner">The lease's holder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when <paramref name="owner"/> no longer holds the lease; nothing was recorded.</returns>
    Task<bool> SaveAsync(ReconciliationRun run, string owner, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up, if <paramref name="owner"/> holds it.</summary>
    /// <param name="partnerName">The partner.</param>
    /// <param name="day">The day.</param>
    /// <param name="owner">The lease's holder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    Task ReleaseAsync(string partnerName, DateOnly day, string owner, CancellationToken cancellationToken = default);

    /// <summary>The recorded runs of a range of days, in date order.</summary>
    /// <param name="partnerName">The partner.</param>
    /// <param name="first">The first day, inclusive.</param>
    /// <param name="last">The last day, inclusive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs recorded for those days; days never run are absent.</returns>
    Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(string partnerName, DateOnly first, DateOnly last, CancellationToken cancellationToken = default);
}
