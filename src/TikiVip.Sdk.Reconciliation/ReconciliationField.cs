namespace TikiVip.Sdk.Reconciliation;

/// <summary>What a <see cref="ReconciliationColumn"/> holds; in configuration, its name (<c>"Field": "Amount"</c>).</summary>
public enum ReconciliationField
{
    /// <summary>Not set: a layout refuses a column without a field.</summary>
    None = 0,

    /// <summary>Tiki's transaction id, the key both sides are matched on; every layout has it.</summary>
    TikiTransactionId = 1,

    /// <summary>The partner's transaction id.</summary>
    TransactionId = 2,

    /// <summary>The amount in VND, a whole number.</summary>
    Amount = 3,

    /// <summary>The transaction's status, spelled as <see cref="ReconciliationFileLayout.StatusNames"/> says.</summary>
    Status = 4,

    /// <summary>When the transaction was created.</summary>
    CreatedAt = 5,

    /// <summary>When it last changed.</summary>
    UpdatedAt = 6,

    /// <summary>Tiki's verdict on the row (results files only), spelled as <see cref="ReconciliationFileLayout.ResultNames"/> says.</summary>
    Result = 7,

    /// <summary>Tiki's explanation of the row (results files only), kept verbatim.</summary>
    Reason = 8,

    /// <summary>A value agreed with Tiki beyond these, named by <see cref="ReconciliationColumn.ExtraKey"/> (the record's <see cref="ReconciliationRecord.Extras"/>).</summary>
    Extra = 9,
}
