namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// One row of a reconciliation file. Deliberately unvalidated on construction: the writer validates every row
/// and names the offending row number, which a constructor could not.
/// </summary>
public sealed class ReconciliationRecord
{
    /// <summary>Tiki's transaction id (<c>tiki_transaction_id</c>).</summary>
    public required string TikiTransactionId { get; init; }

    /// <summary>The partner's transaction id (<c>transaction_id</c>).</summary>
    public required string TransactionId { get; init; }

    /// <summary>The amount in VND (<c>transaction_amount</c>), a whole number.</summary>
    public required long Amount { get; init; }

    /// <summary>The transaction's status (<c>status</c>).</summary>
    public required TikiVipTransactionStatus Status { get; init; }

    /// <summary>When the transaction was created (<c>created_at</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed (<c>updated_at</c>).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Values of the extra fields agreed with Tiki, by key: a layout column with field <see cref="ReconciliationField.Extra"/> and ExtraKey <c>channel</c> writes
    /// <c>Extras["channel"]</c>. Every extra field of the layout must have a value.
    /// </summary>
    public IReadOnlyDictionary<string, string> Extras { get; init; } = EmptyExtras;

    internal static IReadOnlyDictionary<string, string> EmptyExtras { get; } = new Dictionary<string, string>();
}
