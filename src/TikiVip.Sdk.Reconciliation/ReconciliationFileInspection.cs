namespace TikiVip.Sdk.Reconciliation;

/// <summary>What a sample file looks like through a layout: whether it fits, its first rows as read, every reason it does not.</summary>
public sealed class ReconciliationFileInspection
{
    internal ReconciliationFileInspection(IReadOnlyList<ReconciliationFileRow> firstRows, IReadOnlyList<string> problems, long rowCount)
    {
        FirstRows = firstRows;
        Problems = problems;
        RowCount = rowCount;
    }

    /// <summary>Whether the file follows the layout in every respect.</summary>
    public bool Fits => Problems.Count == 0;

    /// <summary>The first rows, field by field as the SDK understood them (rows that could not be read are left out).</summary>
    public IReadOnlyList<ReconciliationFileRow> FirstRows { get; }

    /// <summary>Every reason the file does not follow the layout (the first 20, then a count of the rest).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Data rows in the file.</summary>
    public long RowCount { get; }
}
