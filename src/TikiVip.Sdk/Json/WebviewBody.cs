using System.Globalization;
using System.Text.Json.Serialization;

namespace TikiVip.Sdk.Json;

/// <summary>The webview request as sent.</summary>
internal sealed class WebviewBody
{
    [JsonPropertyName("identify_code")]
    public required string IdentifyCode { get; init; }

    // Tiki documents identify_phone as a number, so it is sent as one: the digits of the phone number
    // (a leading '+' or '0' cannot be represented in a JSON number and is dropped by that conversion).
    [JsonPropertyName("identify_phone")]
    public required long IdentifyPhone { get; init; }

    [JsonPropertyName("identify_fullname")]
    public string? IdentifyFullName { get; init; }

    public static WebviewBody From(WebviewRequest request) => new()
    {
        IdentifyCode = request.IdentifyCode,
        IdentifyPhone = long.Parse(request.IdentifyPhone.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture),
        IdentifyFullName = request.IdentifyFullName,
    };
}
