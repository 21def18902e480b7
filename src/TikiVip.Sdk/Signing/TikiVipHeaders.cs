namespace TikiVip.Sdk.Signing;

/// <summary>The names of the headers that carry a Tiki VIP signature, in both directions.</summary>
public static class TikiVipHeaders
{
    /// <summary>Unix time in milliseconds at which the request was signed.</summary>
    public const string Timestamp = "X-Tikivip-Timestamp";

    /// <summary>The partner's client id.</summary>
    public const string ClientId = "X-Tikivip-Client-Id";

    /// <summary>Lowercase hex HMAC-SHA256 signature.</summary>
    public const string Signature = "X-Tikivip-Signature";

    /// <summary>The timestamp header as Tiki's earlier signing page named it; accepted on refund callbacks.</summary>
    public const string TiniappTimestamp = "X-Tiniapp-Timestamp";

    /// <summary>The client id header as Tiki's earlier signing page named it; accepted on refund callbacks.</summary>
    public const string TiniappClientId = "X-Tiniapp-Client-Id";

    /// <summary>The signature header as Tiki's earlier signing page named it; accepted on refund callbacks.</summary>
    public const string TiniappSignature = "X-Tiniapp-Signature";
}
