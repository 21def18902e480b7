namespace TikiVip.Sdk.Testing;

/// <summary>How <see cref="TikiVipEmulator.SendRefundAsync"/> builds a refund callback.</summary>
public sealed class RefundCallbackOptions
{
    /// <summary>The refund's <c>request_id</c>; reuse one to send a duplicate. Default: a new id.</summary>
    public string? RequestId { get; set; }

    /// <summary>
    /// A partial refund: the amount to refund in VND, sent as <c>request_amount</c> next to the transaction's amount.
    /// Default: none, a full refund of the transaction's amount. At most the transaction's amount.
    /// </summary>
    public long? RequestAmount { get; set; }

    /// <summary>The reason. Default: "Khách hàng huỷ gói" (the customer cancelled the plan).</summary>
    public string Reason { get; set; } = "Khách hàng huỷ gói";

    /// <summary>The partner transaction id to send. Default: the one the IPN reported.</summary>
    public string? PartnerTransactionId { get; set; }

    /// <summary>Genuine or one of the hostile variants.</summary>
    public RefundCallbackVariant Variant { get; set; }
}
