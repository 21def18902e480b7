namespace TikiVip.Sdk.Outbox;

/// <summary>Where an IPN in the outbox stands.</summary>
public enum IpnOutboxState
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    Pending = 0,

    /// <summary>Tiki accepted the IPN.</summary>
    Delivered = 1,

    /// <summary>Every attempt failed transiently, but the status lookup returned Tiki's record (see <see cref="IpnOutboxEntry.TikiStatus"/>).</summary>
    ConfirmedByLookup = 2,

    /// <summary>Tiki refused the IPN, or neither the IPN nor the lookup got through (see <see cref="IpnOutboxEntry.LastError"/>). Can be requeued.</summary>
    Failed = 3,
}
