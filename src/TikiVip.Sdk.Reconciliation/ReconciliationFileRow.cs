namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// One data row of a reconciliation file as its layout reads it: a field the layout has no column for is
/// <see langword="null"/>. Tiki's results may also carry its verdict (<see cref="Result"/>) and its reason.
/// </summary>
public sealed class ReconciliationFileRow
{
    /// <summary>Tiki's transaction id, the key both sides are matched on; every layout has it.</summary>
    public required string TikiTransactionId { get; init; }

    /// <summary>The partner's transaction id, when the layout has the column.</summary>
    public string? TransactionId { get; init; }

    /// <summary>The amount in VND, when the layout has the column.</summary>
    public long? Amount { get; init; }

    /// <summary>The status, when the layout has the column.</summary>
    public TikiVipTransactionStatus? Status { get; init; }

    /// <summary>When the transaction was created, when the layout has the column.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it last changed, when the layout has the column.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Tiki's verdict on the row, when its results file has a Result column.</summary>
    public ReconciliationVerdict? Result { get; init; }

    /// <summary>Tiki's explanation, verbatim, when its results file has a Reason column.</summary>
    public string? Reason { get; init; }

    /// <summary>The extra fields' values, by key (an Extra column with ExtraKey <c>channel</c> is <c>Extras["channel"]</c>).</summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = ReconciliationRecord.EmptyExtras;

    /// <summary>The 1-based data row within its file (the header is not counted).</summary>
    public long RowNumber { get; init; }

    /// <summary>The row as a record, e.g. to write it again in another layout.</summary>
    /// <returns>A record with the same values.</returns>
    /// <exception cref="ReconciliationException">A field a record needs has no column in the file's layout (it is named).</exception>
    public ReconciliationRecord ToRecord() => new()
    {
        TikiTransactionId = TikiTransactionId,
        TransactionId = TransactionId ?? throw Missing(ReconciliationField.TransactionId),
        Amount = Amount ?? throw Missing(ReconciliationField.Amount),
        Status = Status ?? throw Missing(ReconciliationField.Status),
        CreatedAt = CreatedAt ?? throw Missing(ReconciliationField.CreatedAt),
        UpdatedAt = UpdatedAt ?? throw Missing(ReconciliationField.UpdatedAt),
        Extras = Extras,
    };

    private ReconciliationException Missing(ReconciliationField field) =>
        new($"the file has no {field} column, which a full record needs.", RowNumber);
}
