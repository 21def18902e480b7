using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.TestSupport;

/// <summary>
/// Claims by request id alone, for the store tests that are about idempotency rather than amounts: each request id
/// refunds 1 VND of a transaction of its own, so the cumulative limit never interferes.
/// </summary>
internal static class StoreClaims
{
    public static Task<RefundClaim> TryClaimAsync(this IRefundIdempotencyStore store, string requestId, string fingerprint, CancellationToken cancellationToken) =>
        store.TryClaimAsync(Refund(requestId), fingerprint, cancellationToken);

    public static RefundRequest Refund(string requestId) => new("T-" + requestId, "P-" + requestId, 1, "test", requestId);

    public static RefundRequest Refund(string requestId, string tikiTransactionId, long transactionAmount, long? requestAmount) =>
        new(tikiTransactionId, "P-" + tikiTransactionId, transactionAmount, "test", requestId) { RequestAmount = requestAmount };
}
