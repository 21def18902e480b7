namespace TikiVip.Sdk.PostgreSql.Refunds;

/// <summary>Where a refund request stands in <c>refund_requests</c>; stored as a smallint, so the values never change.</summary>
internal enum RefundRequestState : short
{
    /// <summary>Claimed by a delivery whose handler is running (or was, until its lease expires).</summary>
    Running = 1,

    /// <summary>The handler refunded it; a retry of the same request is answered 200 again.</summary>
    Completed = 2,
}
