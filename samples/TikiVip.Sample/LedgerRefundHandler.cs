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

        if (refund.Amount > purchase.Amount)
        {
            return Task.FromResult(RefundResult.Failed($"refund of {refund.Amount} exceeds purchase of {purchase.Amount}"));
        }

        ledger.Refunds.Enqueue(new Refund(refund.RequestId, refund.TransactionId, refund.Amount, refund.Reason, time.GetUtcNow()));
        LogRefunded(logger, refund.Amount, refund.TransactionId);
        return Task.FromResult(RefundResult.Accepted());
    }

    [LoggerMessage(1, LogLevel.Information, "Refunded {Amount} VND for purchase {TransactionId}.", EventName = "Refunded")]
    private static partial void LogRefunded(ILogger logger, long amount, string transactionId);
}
