using TikiVip.Sdk.Refunds;

namespace TikiVip.Sample;

/// <summary>
/// The one interface a partner implements. The SDK has already verified the signature, timestamp and fields,
/// and calls this at most once per request_id, so this code only does the business part.
/// </summary>
public sealed partial class LedgerRefundHandler(Ledger ledger, TimeProvider time, ILogger<LedgerRefundHandler> logger) : IRefundHandler
{
    public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
    {
        if (!ledger.Purchases.TryGetValue(refund.TransactionId, out var purchase))
        {
            // Tiki will retry; meanwhile someone should look at why the purchase is unknown.
            return Task.FromResult(RefundResult.Failed($"no purchase {refund.TransactionId}"));
        }

        // RefundAmount, not TransactionAmount: Tiki may refund part of a payment (request_amount). The SDK already
        // refuses refunds of one transaction that add up to more than was paid; the ledger keeps its own check too.
        var refundedBefore = ledger.Refunds.Where(r => r.TransactionId == refund.TransactionId).Sum(r => r.Amount);
        if (refundedBefore + refund.RefundAmount > purchase.Amount)
        {
            return Task.FromResult(RefundResult.Failed($"refund of {refund.RefundAmount} after {refundedBefore} exceeds purchase of {purchase.Amount}"));
        }

        ledger.Refunds.Enqueue(new Refund(refund.RequestId, refund.TransactionId, refund.RefundAmount, refund.Reason, time.GetUtcNow()));
        LogRefunded(logger, refund.RefundAmount, refund.TransactionId);
        return Task.FromResult(RefundResult.Accepted());
    }

    [LoggerMessage(1, LogLevel.Information, "Refunded {Amount} VND for purchase {TransactionId}.", EventName = "Refunded")]
    private static partial void LogRefunded(ILogger logger, long amount, string transactionId);
}
