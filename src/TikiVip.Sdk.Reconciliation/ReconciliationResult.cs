namespace TikiVip.Sdk.Reconciliation;

/// <summary>The files a day's reconciliation produced, in order.</summary>
public sealed class ReconciliationResult
{
    internal ReconciliationResult(IReadOnlyList<ReconciliationFile> files) => Files = files;

    /// <summary>The files, numbered from <see cref="ReconciliationOptions.FirstFileNumber"/>.</summary>
    public IReadOnlyList<ReconciliationFile> Files { get; }

    /// <summary>Data rows across all files.</summary>
    public long TotalRows => Files.Sum(f => f.RowCount);
}
