namespace TikiVip.Sdk.Signing;

/// <summary>
/// What the HMAC is computed over. Tiki's current signing page HMACs the base64url encoding of
/// <c>timestamp.client_id.data</c>; the earlier page (with the <c>X-Tiniapp-*</c> headers) HMACs that payload
/// itself. Outbound calls always use <see cref="Base64Url"/>; refund callbacks are accepted in either.
/// </summary>
public enum TikiVipSignedPayload
{
    /// <summary><c>HMAC(base64url(timestamp "." client_id "." data))</c>: Tiki's current form.</summary>
    Base64Url = 0,

    /// <summary><c>HMAC(timestamp "." client_id "." data)</c>: the earlier page's pseudocode.</summary>
    Raw = 1,
}
