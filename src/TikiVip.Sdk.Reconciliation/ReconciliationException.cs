namespace TikiVip.Sdk.Reconciliation;

/// <summary>A reconciliation file could not be written or read; nothing was published.</summary>
public sealed class ReconciliationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the row and field.</param>
    /// <param name="rowNumber">The 1-based data row, when the problem is in one.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ReconciliationException(string message, long? rowNumber = null, Exception? innerException = null)
        : base(rowNumber is { } row ? $"Row {row}: {message}" : message, innerException)
    {
        RowNumber = rowNumber;
    }

    /// <summary>The 1-based data row (across the whole day) at fault, when a row is.</summary>
    public long? RowNumber { get; }
}
