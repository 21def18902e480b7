namespace TikiVip.Sdk;

/// <summary>
/// Calls Tiki VIP's partner API. Every call is signed (afresh on each retry), retried on transient
/// failures, and fails with <see cref="TikiVipApiException"/>; cancellation surfaces as
/// <see cref="OperationCanceledException"/>. Registered by <c>services.AddTikiVip(...)</c>.
/// </summary>
public interface ITikiVipClient
{
    /// <summary>Reports a payment's outcome to Tiki (POST <c>payment/ipn</c>).</summary>
    /// <exception cref="TikiVipApiException">Tiki refused the IPN, or could not be reached within the retry budget.</exception>
    /// <param name="ipn">The payment to report.</param>
    /// <param name="cancellationToken">Cancels the call, including its retries and delays.</param>
    /// <returns>Tiki's acknowledgement.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ipn"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IpnResult> SubmitIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default);

    /// <summary>Looks up what Tiki recorded for a transaction (GET <c>transaction</c>).</summary>
    /// <exception cref="TikiVipApiException">Tiki answered with an error, or could not be reached.</exception>
    /// <param name="tikiTransactionId">Tiki's transaction id.</param>
    /// <param name="cancellationToken">Cancels the call, including its retries and delays.</param>
    /// <returns>What Tiki recorded: status, amount and the partner's transaction id.</returns>
    /// <exception cref="ArgumentException"><paramref name="tikiTransactionId"/> is null, empty or white space.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<TikiTransaction> GetTransactionAsync(string tikiTransactionId, CancellationToken cancellationToken = default);

    /// <summary>Creates the links that open the partner's mini-app for a customer (POST <c>webview</c>).</summary>
    /// <exception cref="TikiVipApiException">Tiki answered with an error, or could not be reached.</exception>
    /// <param name="request">Who the customer is.</param>
    /// <param name="cancellationToken">Cancels the call, including its retries and delays.</param>
    /// <returns>The links to open the mini-app and to show the checkout result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<WebviewLinks> CreateWebviewAsync(WebviewRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows Tiki's flow for an IPN: submits it with retries and, when every attempt failed transiently,
    /// looks the transaction up. Never throws <see cref="TikiVipApiException"/>: the result says what happened.
    /// </summary>
    /// <param name="ipn">The payment to report.</param>
    /// <param name="cancellationToken">Cancels the delivery, including its retries and the lookup.</param>
    /// <returns>Delivered, rejected (with Tiki's reason), recorded by Tiki (from the lookup) or unknown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ipn"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IpnDeliveryResult> DeliverIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default);
}
