namespace TikiVip.Sdk;

/// <summary>How an IPN delivery that follows Tiki's flow ended.</summary>
public enum IpnDeliveryStatus
{
    /// <summary>Tiki accepted the IPN.</summary>
    Delivered = 1,

    /// <summary>
    /// Tiki answered the IPN with a definitive error (see <see cref="IpnDeliveryResult.IpnError"/>); for a
    /// business code Tiki refunds the customer, so the service must not be delivered. When an earlier attempt had
    /// failed transiently, this status is given only after a lookup confirmed that Tiki has no such transaction
    /// (see <see cref="IpnDeliveryResult.LookupError"/>).
    /// </summary>
    Rejected = 2,

    /// <summary>
    /// The IPN was not confirmed (every attempt failed transiently, or Tiki refused a retry of an attempt whose
    /// answer was lost), but the status lookup returned Tiki's record of the transaction, SUCCESS or FAILURE:
    /// act on <see cref="IpnDeliveryResult.Transaction"/>'s status, not on the refusal.
    /// </summary>
    RecordedByTiki = 3,

    /// <summary>
    /// Neither the IPN nor the status lookup got an answer Tiki stands by; see both errors. Try again later
    /// (a durable outbox does this for you).
    /// </summary>
    Unknown = 4,

    /// <summary>
    /// The outcome is not known yet: the IPN was not confirmed and Tiki records the transaction as PENDING. Neither
    /// deliver nor refund; look the transaction up again later (a durable outbox does this for you, with backoff).
    /// </summary>
    PendingAtTiki = 5,
}
