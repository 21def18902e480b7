using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Testing;

/// <summary>
/// A request signed exactly as Tiki signs its refund callbacks, for unit-testing a refund endpoint and handler
/// without the emulator. The <c>With…</c> methods make the hostile variants a secure endpoint must reject.
/// </summary>
public sealed class TikiVipSignedRequest
{
    private TikiVipSignedRequest(byte[] body, long timestamp, string clientId, string signature)
    {
        Body = body;
        Timestamp = timestamp;
        ClientId = clientId;
        Signature = signature;
    }

    /// <summary>The body bytes.</summary>
    public byte[] Body { get; }

    /// <summary>The <c>X-Tikivip-Timestamp</c> value (Unix milliseconds).</summary>
    public long Timestamp { get; }

    /// <summary>The <c>X-Tikivip-Client-Id</c> value.</summary>
    public string ClientId { get; }

    /// <summary>The <c>X-Tikivip-Signature</c> value.</summary>
    public string Signature { get; }

    /// <summary>The body as text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A refund callback for <paramref name="refund"/>, signed at <paramref name="signedAt"/>.</summary>
    /// <param name="refund">The refund to send.</param>
    /// <param name="clientId">The partner's client id.</param>
    /// <param name="clientSecret">The partner's client secret.</param>
    /// <param name="signedAt">When the request is signed (its timestamp header).</param>
    /// <returns>The signed request.</returns>
    public static TikiVipSignedRequest ForRefund(RefundRequest refund, string clientId, string clientSecret, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return ForBody(RefundBodyWriter.Write(refund), clientId, clientSecret, signedAt);
    }

    /// <summary>Any body (malformed ones included), correctly signed at <paramref name="signedAt"/>.</summary>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>The signed request.</returns>
    /// <param name="clientId">The partner's client id.</param>
    /// <param name="clientSecret">The partner's client secret.</param>
    /// <param name="signedAt">When the request is signed (its timestamp header).</param>
    public static TikiVipSignedRequest ForBody(byte[] body, string clientId, string clientSecret, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(body);
        var timestamp = signedAt.ToUnixTimeMilliseconds();
        return new(body, timestamp, clientId, TikiVipSignature.Compute(timestamp, clientId, body, clientSecret));
    }

    /// <summary>The same headers over a different body: what an attacker who altered the body in transit sends.</summary>
    /// <returns>A new request; this one is unchanged.</returns>
    /// <param name="body">The replacement body.</param>
    public TikiVipSignedRequest WithBody(byte[] body) => new(body, Timestamp, ClientId, Signature);

    /// <summary>The same body and signature with one amount digit changed.</summary>
    /// <returns>A new request; this one is unchanged.</returns>
    public TikiVipSignedRequest WithTamperedBody()
    {
        var tampered = (byte[])Body.Clone();
        var index = Array.FindIndex(tampered, b => b is >= (byte)'1' and <= (byte)'8');
        if (index < 0)
        {
            throw new InvalidOperationException("The body has no digit to tamper with.");
        }

        tampered[index]++;
        return WithBody(tampered);
    }

    /// <summary>The same body and signature with another timestamp header.</summary>
    /// <param name="timestamp">The replacement timestamp (Unix milliseconds), e.g. a stale one.</param>
    /// <returns>A new request; this one is unchanged.</returns>
    public TikiVipSignedRequest WithTimestamp(long timestamp) => new(Body, timestamp, ClientId, Signature);

    /// <summary>The same body and timestamp with another signature header.</summary>
    /// <param name="signature">The replacement signature.</param>
    /// <returns>A new request; this one is unchanged.</returns>
    public TikiVipSignedRequest WithSignature(string signature) => new(Body, Timestamp, ClientId, signature);

    /// <summary>An HTTP request carrying this body and the three signature headers.</summary>
    /// <param name="url">The partner's refund endpoint.</param>
    /// <returns>A POST with the body and the three signature headers; the caller disposes it.</returns>
    public HttpRequestMessage ToHttpRequestMessage(Uri url)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, Timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, ClientId);
        request.Headers.TryAddWithoutValidation(TikiVipHeaders.Signature, Signature);
        return request;
    }
}
