using TikiVip.Sdk.Refunds;

namespace PartnerApp;

/// <summary>
/// The one interface a partner implements. The SDK has verified the signature, the timestamp and the fields, and
/// calls this at most once per refund request, so only the business part is here.
/// </summary>
public sealed class LedgerRefundHandler(Ledger ledger) : IRefundHandler
{
    public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
    {
        // RefundAmount, not TransactionAmount: Tiki may refund part of a payment.
        if (ledger.Find(refund.TransactionId) is null)
        {
            return Task.FromResult(RefundResult.Failed($"no payment {refund.TransactionId}")); // Tiki retries; look into it meanwhile
        }

        return Task.FromResult(ledger.TryRefund(refund.TransactionId, refund.RefundAmount)
            ? RefundResult.Accepted()
            : RefundResult.Failed($"refund of {refund.RefundAmount} exceeds what is left of {refund.TransactionId}"));
    }
}
