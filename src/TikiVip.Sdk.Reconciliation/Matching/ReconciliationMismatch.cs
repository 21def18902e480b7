namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>One transaction that does not match, with both sides' values where they exist.</summary>
public sealed class ReconciliationMismatch
{
    internal ReconciliationMismatch(string tikiTransactionId, ReconciliationDifference difference, Row? partner, Row? tiki)
    {
        TikiTransactionId = tikiTransactionId;
        Difference = difference;
        PartnerTransactionId = partner?.TransactionId;
        PartnerAmount = partner?.AmountOrNull;
        PartnerStatus = partner?.StatusOrNull;
        TikiTransactionIdAtTiki = tiki?.TransactionId;
        TikiAmount = tiki?.AmountOrNull;
        TikiStatus = tiki?.StatusOrNull;
        TikiResult = tiki is { Result: > 0 } t ? (ReconciliationVerdict)t.Result : null;
        TikiReason = tiki?.Reason;
    }

    internal ReconciliationMismatch(
        string tikiTransactionId, ReconciliationDifference difference, string? partnerTransactionId, string? tikiTransactionIdAtTiki,
        long? partnerAmount, long? tikiAmount, TikiVipTransactionStatus? partnerStatus, TikiVipTransactionStatus? tikiStatus,
        ReconciliationVerdict? tikiResult, string? tikiReason)
    {
        TikiTransactionId = tikiTransactionId;
        Difference = difference;
        PartnerTransactionId = partnerTransactionId;
        TikiTransactionIdAtTiki = tikiTransactionIdAtTiki;
        PartnerAmount = partnerAmount;
        TikiAmount = tikiAmount;
        PartnerStatus = partnerStatus;
        TikiStatus = tikiStatus;
        TikiResult = tikiResult;
        TikiReason = tikiReason;
    }

    /// <summary>Tiki's transaction id, the key both sides are matched on.</summary>
    public string TikiTransactionId { get; }

    /// <summary>How the two sides differ.</summary>
    public ReconciliationDifference Difference { get; }

    /// <summary>The partner's transaction id in the partner's records, when it has the transaction.</summary>
    public string? PartnerTransactionId { get; }

    /// <summary>The partner's transaction id as Tiki's file gives it, when Tiki has the transaction.</summary>
    public string? TikiTransactionIdAtTiki { get; }

    /// <summary>The amount in the partner's records.</summary>
    public long? PartnerAmount { get; }

    /// <summary>The amount in Tiki's file.</summary>
    public long? TikiAmount { get; }

    /// <summary>The status in the partner's records.</summary>
    public TikiVipTransactionStatus? PartnerStatus { get; }

    /// <summary>The status in Tiki's file.</summary>
    public TikiVipTransactionStatus? TikiStatus { get; }

    /// <summary>Tiki's verdict on the row, when its results file has a Result column.</summary>
    public ReconciliationVerdict? TikiResult { get; }

    /// <summary>Tiki's explanation, verbatim, when its results file has a Reason column.</summary>
    public string? TikiReason { get; }

    /// <summary>
    /// The fields the matcher keeps of a row: what it compares and reports. A field the side's layout lacks is
    /// absent (<see cref="HasAmount"/> false, <see cref="Status"/> 0) and never compared.
    /// </summary>
    internal readonly record struct Row(string Key, string? TransactionId, long Amount, bool HasAmount, byte Status, byte Result, string? Reason)
    {
        public long? AmountOrNull => HasAmount ? Amount : null;

        public TikiVipTransactionStatus? StatusOrNull => Status == 0 ? null : (TikiVipTransactionStatus)Status;
    }
}
