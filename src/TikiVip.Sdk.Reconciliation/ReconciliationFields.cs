namespace TikiVip.Sdk.Reconciliation;

/// <summary>The field names a <see cref="ReconciliationColumn.Field"/> may hold.</summary>
public static class ReconciliationFields
{
    /// <summary>Tiki's transaction id, the key both sides are matched on; every layout has it.</summary>
    public const string TikiTransactionId = "TikiTransactionId";

    /// <summary>The partner's transaction id.</summary>
    public const string TransactionId = "TransactionId";

    /// <summary>The amount in VND, a whole number.</summary>
    public const string Amount = "Amount";

    /// <summary>The transaction's status, spelled as <see cref="ReconciliationFileLayout.StatusNames"/> says.</summary>
    public const string Status = "Status";

    /// <summary>When the transaction was created.</summary>
    public const string CreatedAt = "CreatedAt";

    /// <summary>When it last changed.</summary>
    public const string UpdatedAt = "UpdatedAt";

    /// <summary>Tiki's verdict on the row (results files only), spelled as <see cref="ReconciliationFileLayout.ResultNames"/> says.</summary>
    public const string Result = "Result";

    /// <summary>Tiki's explanation of the row (results files only), kept verbatim.</summary>
    public const string Reason = "Reason";

    /// <summary>The prefix of an extra field: <c>Extra:channel</c> is the record's <c>Extras["channel"]</c>.</summary>
    public const string ExtraPrefix = "Extra:";
}
