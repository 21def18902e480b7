namespace TikiVip.Sdk.Refunds;

/// <summary>The answer of <see cref="IRefundIdempotencyStore.TryClaimAsync"/>.</summary>
public enum RefundClaimStatus
{
    /// <summary>The caller now owns this request id and must run the handler, then complete or release it.</summary>
    Claimed = 1,

    /// <summary>A refund with this id and the same content already completed: answer as before.</summary>
    AlreadyCompleted = 2,

    /// <summary>A refund with this id and the same content is being processed right now.</summary>
    InProgress = 3,

    /// <summary>This id was seen with different content.</summary>
    Conflict = 4,

    /// <summary>
    /// A new refund whose amount, added to what the store already accepted for the same Tiki transaction (see
    /// <see cref="RefundClaim.AlreadyRefunded"/>), would exceed the transaction's amount. Nothing was claimed.
    /// </summary>
    ExceedsTransactionAmount = 5,
}
