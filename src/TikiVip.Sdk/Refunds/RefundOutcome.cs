namespace TikiVip.Sdk.Refunds;

/// <summary>How the SDK answered one delivery of a refund callback, as kept in the <see cref="IRefundHistory"/>.</summary>
public enum RefundOutcome
{
    /// <summary>The handler refunded; Tiki was answered 200.</summary>
    Accepted = 1,

    /// <summary>A retry of a refund already completed: answered 200 again without running the handler.</summary>
    Duplicate = 2,

    /// <summary>The same refund was being processed by another delivery; answered 500 so Tiki retries.</summary>
    InProgress = 3,

    /// <summary>The request id was already used for a different refund; answered 409.</summary>
    Conflict = 4,

    /// <summary>The handler declined or threw (<see cref="RefundHistoryEntry.Detail"/> says why); answered 500 so Tiki retries.</summary>
    Failed = 5,

    /// <summary>The idempotency store could not be reached; answered 500 so Tiki retries.</summary>
    StoreUnavailable = 6,

    /// <summary>
    /// Together with the refunds already accepted for the same Tiki transaction it would exceed the amount paid; kept
    /// in the quarantine for a person and answered 500 (<see cref="RefundHistoryEntry.Detail"/> names both figures).
    /// </summary>
    ExceedsTransactionAmount = 7,
}
