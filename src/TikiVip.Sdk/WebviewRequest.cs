using TikiVip.Sdk.Json;
using TikiVip.Sdk.Shared;
namespace TikiVip.Sdk;

/// <summary>The customer for whom to create a webview link.</summary>
public sealed class WebviewRequest
{
    /// <summary>Creates a webview request, validating its values.</summary>
    /// <param name="identifyCode">The code that identifies the customer in the partner's system.</param>
    /// <param name="identifyPhone">The customer's phone number: digits only, optionally with a leading '+'.</param>
    /// <exception cref="ArgumentException">A value is empty or not valid UTF-16, or the phone number is not 1 to 15 digits.</exception>
    public WebviewRequest(string identifyCode, string identifyPhone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identifyCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(identifyPhone);
        WireText.ThrowIfInvalid(identifyCode, nameof(identifyCode));
        var digits = identifyPhone.StartsWith('+') ? identifyPhone[1..] : identifyPhone;

        // Sent as a JSON number (as documented): at most 15 digits (E.164), which JavaScript holds exactly.
        if (digits.Length is 0 or > 15 || !digits.All(c => c is >= '0' and <= '9'))
        {
            throw new ArgumentException("The phone number must be 1 to 15 digits (E.164), optionally starting with '+'.", nameof(identifyPhone));
        }

        IdentifyCode = identifyCode;
        IdentifyPhone = identifyPhone;
    }

    /// <summary>The code that identifies the customer.</summary>
    public string IdentifyCode { get; }

    /// <summary>The customer's phone number as given.</summary>
    public string IdentifyPhone { get; }

    /// <summary>Optional: the customer's full name.</summary>
    public string? IdentifyFullName
    {
        get;
        init => field = WireText.ThrowIfInvalid(value, nameof(IdentifyFullName));
    }
}
