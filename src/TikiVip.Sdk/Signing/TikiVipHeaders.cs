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
}
