namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Tiki's answer for one day, as <see cref="ReconciliationResultFiles.SelectAnswers"/> chose it among the result
/// files: the files to read together, and the earlier answers for the day that it supersedes.
/// </summary>
public sealed class ReconciliationDayAnswer
{
    internal ReconciliationDayAnswer(DateOnly date, IReadOnlyList<FileInfo> files, IReadOnlyList<FileInfo> superseded)
    {
        Date = date;
        Files = files;
        Superseded = superseded;
    }

    /// <summary>The day the answer is for.</summary>
    public DateOnly Date { get; }

    /// <summary>The answer's files, in part order: read together, they are Tiki's answer for the day.</summary>
    public IReadOnlyList<FileInfo> Files { get; }

    /// <summary>Earlier answers for the same day (Tiki regenerated it): kept, but never read.</summary>
    public IReadOnlyList<FileInfo> Superseded { get; }
}
