using System.Net;
using System.Text;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>Authentic refund callbacks the SDK cannot accept (spec §4: amount is a required positive integer), sent as Tiki signs them.</summary>
internal static class Quarantine
{
    /// <summary>A signed body without an amount, whose ids carry markup: it must be quarantined and shown as text.</summary>
    public static byte[] HostileBody(string requestId) => Encoding.UTF8.GetBytes(
        $$"""{"tiki_transaction_id":"<script>alert('tiki')</script>","partner_transaction_id":"P-1","reason":"<img src=x onerror=alert(1)>","request_id":"{{requestId}}"}""");

    public static async Task<HttpStatusCode> SendAsync(OperationsApp app, byte[] body)
    {
        using var http = new HttpClient();
        using var request = TikiVipSignedRequest.ForBody(body, app.Tiki.ClientId, app.Tiki.ClientSecret, TimeProvider.System.GetUtcNow()).ToHttpRequestMessage(app.RefundEndpoint);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
