namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The partner's refund logic. The SDK has already verified the signature, the timestamp and the fields, and
/// runs the handler at most once per <see cref="RefundRequest.RequestId"/> at a time and never again after it
/// accepted. Resolved from the request's service scope, so it may use a scoped DbContext.
/// </summary>
public interface IRefundHandler
{
    /// <summary>Carries out a refund.</summary>
    /// <returns><see cref="RefundResult.Accepted"/>, or <see cref="RefundResult.Failed"/> to have Tiki try again later.
    /// An exception counts as a failure.</returns>
    /// <param name="refund">The verified refund; its <c>request_id</c> is claimed for this call.</param>
    /// <param name="cancellationToken">Tiki hung up or the host is stopping.</param>
    Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken);
}
