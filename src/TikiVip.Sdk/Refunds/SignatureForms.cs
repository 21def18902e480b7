namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The forms a refund callback's signature may come in, as bit flags, and their names for the
/// <c>tikivip.signature.form</c> tag and the log: header family, what the HMAC covers, and which bytes.
/// </summary>
internal static class SignatureForms
{
    public const int RawPayload = 1;
    public const int Stringified = 2;
    public const int EarlierHeaders = 4;

    /// <summary>Indexed by the flags; precomputed so a callback allocates no tag value.</summary>
    public static readonly string[] Names =
    [
        "x-tikivip/base64url/as-received",
        "x-tikivip/raw/as-received",
        "x-tikivip/base64url/json-stringify",
        "x-tikivip/raw/json-stringify",
        "x-tiniapp/base64url/as-received",
        "x-tiniapp/raw/as-received",
        "x-tiniapp/base64url/json-stringify",
        "x-tiniapp/raw/json-stringify",
    ];
}
