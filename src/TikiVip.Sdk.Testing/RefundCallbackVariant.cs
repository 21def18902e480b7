namespace TikiVip.Sdk.Testing;

/// <summary>What kind of refund callback <see cref="TikiVipEmulator.SendRefundAsync"/> sends.</summary>
public enum RefundCallbackVariant
{
    /// <summary>A genuine, correctly signed callback, as Tiki sends it.</summary>
    Genuine = 0,

    /// <summary>The body altered after signing (an amount digit changed): must be rejected with 401.</summary>
    Tampered = 1,

    /// <summary>Correctly signed, but 10 minutes ago: must be rejected with 401.</summary>
    Stale = 2,

    /// <summary>Signed with a secret that is not the partner's: must be rejected with 401.</summary>
    WrongSecret = 3,
}
