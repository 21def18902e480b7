namespace TikiVip.Sdk;

/// <summary>How an IPN delivery that follows Tiki's flow ended.</summary>
public enum IpnDeliveryStatus
{
    /// <summary>Tiki accepted the IPN.</summary>
    Delivered = 1,

    /// <summary>
    /// Tiki answered the IPN with a definitive error (see <see cref="IpnDeliveryResult.IpnError"/>); for a
    /// business code Tiki refunds the customer, so the service must not be delivered.
    /// </summary>
    Rejected = 2,

    /// <summary>
    /// Every IPN attempt failed transiently, but the status lookup returned Tiki's record of the transaction:
    /// act on <see cref="IpnDeliveryResult.Transaction"/>'s status.
    /// </summary>
    RecordedByTiki = 3,

    /// <summary>
    /// Neither the IPN nor the status lookup got an answer Tiki stands by; see both errors. Try again later
    /// (a durable outbox does this for you).
    /// </summary>
    Unknown = 4,
}
