namespace TikiVip.Sdk.Reconciliation;

/// <summary>One column of a <see cref="ReconciliationFileLayout"/>: its header text and the field it holds.</summary>
public sealed class ReconciliationColumn
{
    /// <summary>The header text, as agreed (Vietnamese included), e.g. <c>Mã giao dịch Tiki</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The field: one of <see cref="ReconciliationFields"/>' names (<c>TikiTransactionId</c>, <c>TransactionId</c>,
    /// <c>Amount</c>, <c>Status</c>, <c>CreatedAt</c>, <c>UpdatedAt</c>; <c>Result</c> and <c>Reason</c> in Tiki's
    /// results), or <c>Extra:&lt;key&gt;</c> for a value the record carries in <see cref="ReconciliationRecord.Extras"/>.
    /// </summary>
    public string Field { get; set; } = "";
}
