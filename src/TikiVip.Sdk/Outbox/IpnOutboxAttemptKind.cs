namespace TikiVip.Sdk.Outbox;

/// <summary>Which call an outbox attempt made to Tiki.</summary>
public enum IpnOutboxAttemptKind
{
    /// <summary>The IPN itself (<c>SubmitIpnAsync</c>).</summary>
    Ipn = 0,

    /// <summary>Tiki's status lookup of the transaction (<c>GetTransactionAsync</c>), after the IPN could not be confirmed.</summary>
    Lookup = 1,
}
