namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>What the daily job recorded about one day: how far it got, what it wrote and delivered, what Tiki said.</summary>
public sealed record ReconciliationRun
{
    /// <summary>The partner name in the files' names.</summary>
    public required string PartnerName { get; init; }

    /// <summary>The day the data covers, in Vietnam time.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>How far the run has come.</summary>
    public ReconciliationRunState State { get; init; }

    /// <summary>The files written for the day, with their sizes and SHA-256; empty until written.</summary>
    public IReadOnlyList<ReconciliationFile> Files { get; init; } = [];

    /// <summary>When the files were written.</summary>
    public DateTimeOffset? WrittenAt { get; init; }

    /// <summary>When the last file reached Tiki's server; set once and kept, even if a later step fails.</summary>
    public DateTimeOffset? UploadedAt { get; init; }

    /// <summary>When Tiki's results were last compared.</summary>
    public DateTimeOffset? MatchedAt { get; init; }

    /// <summary>Identifies the result files last compared (names, sizes, times); a change makes the job compare again.</summary>
    public string? ResultFingerprint { get; init; }

    /// <summary>Transactions that differ between the partner and Tiki's results, at the last comparison.</summary>
    public long? Mismatches { get; init; }

    /// <summary>Where the last comparison's CSV report is, on the instance that made it.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Attempts that failed so far.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>Why the last attempt failed, when <see cref="State"/> is <see cref="ReconciliationRunState.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>When the run was last recorded.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the day's files are on Tiki's server.</summary>
    public bool IsDelivered => UploadedAt is not null;
}
