namespace TikiVip.Sdk;

/// <summary>The links Tiki created for a customer.</summary>
public sealed class WebviewLinks
{
    /// <summary>Creates the links (for fakes in partners' tests).</summary>
    /// <param name="openUrl">The <c>url_open</c> link.</param>
    /// <param name="checkoutResultUrl">The <c>url_checkout_result</c> link.</param>
    /// <param name="requestId">Tiki's request id.</param>
    public WebviewLinks(Uri openUrl, Uri checkoutResultUrl, string? requestId)
    {
        OpenUrl = openUrl;
        CheckoutResultUrl = checkoutResultUrl;
        RequestId = requestId;
    }

    /// <summary>Opens the partner's mini-app inside Tiki (<c>url_open</c>).</summary>
    public Uri OpenUrl { get; }

    /// <summary>Where Tiki shows the checkout result (<c>url_checkout_result</c>).</summary>
    public Uri CheckoutResultUrl { get; }

    /// <summary>Tiki's request id.</summary>
    public string? RequestId { get; }
}
