namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>How far a day's reconciliation has come.</summary>
public enum ReconciliationRunState
{
    /// <summary>Claimed by an instance; no file is written yet.</summary>
    Pending = 0,

    /// <summary>The day's files are written locally (<see cref="ReconciliationRun.Files"/>) and not yet on Tiki's server.</summary>
    Written = 1,

    /// <summary>The files are on Tiki's SFTP server: the day is delivered. Tiki's results are awaited.</summary>
    Uploaded = 2,

    /// <summary>Tiki's result files for the day were fetched and compared (<see cref="ReconciliationRun.Mismatches"/>).</summary>
    Matched = 3,

    /// <summary>
    /// The last attempt failed (<see cref="ReconciliationRun.Error"/> says why); the job tries again at its next
    /// check. <see cref="ReconciliationRun.UploadedAt"/> tells whether the day was delivered before the failure.
    /// </summary>
    Failed = 4,
}
