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

    /// <summary>Tiki's record of the transaction, when <see cref="Status"/> is <see cref="IpnDeliveryStatus.RecordedByTiki"/>.</summary>
    public TikiTransaction? Transaction { get; }

    /// <summary>Why the IPN itself failed, unless it was delivered.</summary>
    public TikiVipApiException? IpnError { get; }

    /// <summary>Why the status lookup failed, when <see cref="Status"/> is <see cref="IpnDeliveryStatus.Unknown"/>.</summary>
    public TikiVipApiException? LookupError { get; }

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
