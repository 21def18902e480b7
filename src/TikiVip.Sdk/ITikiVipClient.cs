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
    Task<IpnResult> SubmitIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default);

    /// <summary>Looks up what Tiki recorded for a transaction (GET <c>transaction</c>).</summary>
    /// <exception cref="TikiVipApiException">Tiki answered with an error, or could not be reached.</exception>
    Task<TikiTransaction> GetTransactionAsync(string tikiTransactionId, CancellationToken cancellationToken = default);

    /// <summary>Creates the links that open the partner's mini-app for a customer (POST <c>webview</c>).</summary>
    /// <exception cref="TikiVipApiException">Tiki answered with an error, or could not be reached.</exception>
    Task<WebviewLinks> CreateWebviewAsync(WebviewRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows Tiki's flow for an IPN: submits it with retries and, when every attempt failed transiently,
    /// looks the transaction up. Never throws <see cref="TikiVipApiException"/>: the result says what happened.
    /// </summary>
    Task<IpnDeliveryResult> DeliverIpnAsync(IpnRequest ipn, CancellationToken cancellationToken = default);
}
