namespace TikiVip.Sdk;

/// <summary>The outcome of <see cref="ITikiVipClient.DeliverIpnAsync"/>.</summary>
public sealed class IpnDeliveryResult
{
    private IpnDeliveryResult(
        IpnDeliveryStatus status, IpnResult? response, TikiTransaction? transaction, TikiVipApiException? ipnError, TikiVipApiException? lookupError)
    {
        Status = status;
        Response = response;
        Transaction = transaction;
        IpnError = ipnError;
        LookupError = lookupError;
    }

    /// <summary>How the delivery ended.</summary>
    public IpnDeliveryStatus Status { get; }

    /// <summary>Tiki's acknowledgement, when <see cref="Status"/> is <see cref="IpnDeliveryStatus.Delivered"/>.</summary>
    public IpnResult? Response { get; }

    /// <summary>
    /// Tiki's record of the transaction, when <see cref="Status"/> is <see cref="IpnDeliveryStatus.RecordedByTiki"/> or
    /// <see cref="IpnDeliveryStatus.PendingAtTiki"/>.
    /// </summary>
    public TikiTransaction? Transaction { get; }

    /// <summary>Why the IPN itself failed, unless it was delivered.</summary>
    public TikiVipApiException? IpnError { get; }

    /// <summary>
    /// Why the status lookup failed, when <see cref="Status"/> is <see cref="IpnDeliveryStatus.Unknown"/>, or how it
    /// confirmed a <see cref="IpnDeliveryStatus.Rejected"/> refusal (transaction not found or cancelled).
    /// </summary>
    public TikiVipApiException? LookupError { get; }

    /// <summary>
    /// What to do now, in one value: nothing (<see cref="TikiVipRecommendedAction.None"/>: Tiki has the payment, deliver
    /// the service), <see cref="TikiVipRecommendedAction.RefundCustomer"/>, <see cref="TikiVipRecommendedAction.LookUpAgain"/>
    /// (PENDING), <see cref="TikiVipRecommendedAction.Retry"/> (unknown), or what Tiki said of a refused request.
    /// </summary>
    public TikiVipRecommendedAction RecommendedAction => Status switch
    {
        IpnDeliveryStatus.Delivered => TikiVipRecommendedAction.None,
        IpnDeliveryStatus.Rejected => IpnError!.RecommendedAction,
        IpnDeliveryStatus.RecordedByTiki => Transaction!.Status == TikiVipTransactionStatus.Success ? TikiVipRecommendedAction.None : TikiVipRecommendedAction.RefundCustomer,
        IpnDeliveryStatus.PendingAtTiki => TikiVipRecommendedAction.LookUpAgain,
        _ => TikiVipRecommendedAction.Retry,
    };

    /// <summary>The outcome in plain words, for logs and support staff.</summary>
    /// <returns>One sentence.</returns>
    public override string ToString() => Status switch
    {
        IpnDeliveryStatus.Delivered => "Delivered: Tiki accepted the IPN.",
        IpnDeliveryStatus.Rejected => $"Rejected by Tiki (code {IpnError!.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}): {IpnError.RecommendedAction}.",
        IpnDeliveryStatus.RecordedByTiki => $"Not confirmed, but Tiki records the transaction as {TikiVipTransactionStatusNames.ToWireName(Transaction!.Status)}.",
        IpnDeliveryStatus.PendingAtTiki => "Not known yet: Tiki records the transaction as PENDING. Neither deliver nor refund; look it up again later.",
        _ => "Unknown: neither the IPN nor the lookup got an answer Tiki stands by. Try again later.",
    };

    /// <summary>An IPN Tiki accepted.</summary>
    /// <param name="response">Tiki's acknowledgement.</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.Delivered"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static IpnDeliveryResult Delivered(IpnResult response) =>
        new(IpnDeliveryStatus.Delivered, response ?? throw new ArgumentNullException(nameof(response)), null, null, null);

    /// <summary>An IPN Tiki refused.</summary>
    /// <param name="ipnError">Tiki's refusal.</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.Rejected"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ipnError"/> is <see langword="null"/>.</exception>
    public static IpnDeliveryResult Rejected(TikiVipApiException ipnError) =>
        new(IpnDeliveryStatus.Rejected, null, null, ipnError ?? throw new ArgumentNullException(nameof(ipnError)), null);

    /// <summary>An IPN Tiki refused after an earlier attempt failed transiently, confirmed by a lookup that found no such transaction.</summary>
    /// <param name="ipnError">Tiki's refusal.</param>
    /// <param name="lookupError">The lookup's answer: transaction not found or cancelled.</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.Rejected"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IpnDeliveryResult Rejected(TikiVipApiException ipnError, TikiVipApiException lookupError) =>
        new(IpnDeliveryStatus.Rejected, null, null, ipnError ?? throw new ArgumentNullException(nameof(ipnError)), lookupError ?? throw new ArgumentNullException(nameof(lookupError)));

    /// <summary>An IPN that was not confirmed, and that Tiki records as PENDING: the outcome is not known yet.</summary>
    /// <param name="ipnError">Why the IPN itself was not confirmed.</param>
    /// <param name="transaction">What the lookup found (status PENDING).</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.PendingAtTiki"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is <see langword="null"/>.</exception>
    public static IpnDeliveryResult PendingAtTiki(TikiVipApiException ipnError, TikiTransaction transaction) =>
        new(IpnDeliveryStatus.PendingAtTiki, null, transaction ?? throw new ArgumentNullException(nameof(transaction)), ipnError, null);

    /// <summary>An IPN that was not confirmed, with Tiki's record from the status lookup.</summary>
    /// <param name="ipnError">Why the IPN itself was not confirmed.</param>
    /// <param name="transaction">What the lookup found.</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.RecordedByTiki"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transaction"/> is <see langword="null"/>.</exception>
    public static IpnDeliveryResult RecordedByTiki(TikiVipApiException ipnError, TikiTransaction transaction) =>
        new(IpnDeliveryStatus.RecordedByTiki, null, transaction ?? throw new ArgumentNullException(nameof(transaction)), ipnError, null);

    /// <summary>An IPN whose fate is unknown.</summary>
    /// <param name="ipnError">Why the IPN was not confirmed.</param>
    /// <param name="lookupError">Why the lookup failed.</param>
    /// <returns>A result with status <see cref="IpnDeliveryStatus.Unknown"/>.</returns>
    public static IpnDeliveryResult Unknown(TikiVipApiException ipnError, TikiVipApiException lookupError) =>
        new(IpnDeliveryStatus.Unknown, null, null, ipnError, lookupError);
}
