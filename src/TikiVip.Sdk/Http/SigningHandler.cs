using System.Globalization;
using System.Text;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Http;

/// <summary>
/// Signs each attempt of a request. It sits inside the retry loop, so every attempt carries its own
/// fresh timestamp and signature and a retry can never be rejected as stale.
/// </summary>
internal sealed class SigningHandler : DelegatingHandler
{
    private readonly TimeProvider _time;

    public SigningHandler(TimeProvider time)
    {
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = TikiVipRequestMessage.Of(request);
        var options = call.CallOptions;
        byte[] data = request.Content switch
        {
            null => Encoding.UTF8.GetBytes(SignedData.ForBodylessRequest(options.ResolveBaseAddress(), request.RequestUri!)),
            JsonBytesContent json => json.Bytes,
            // Buffers any other content, so the bytes signed are the bytes sent.
            var other => await other.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
        };

        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = TikiVipSignature.Compute(timestamp, options.ClientId, data, options.ClientSecret);

        var headers = request.Headers;
        if (call.Signed)
        {
            // A retry of the same message: replace the previous attempt's signature.
            headers.Remove(TikiVipHeaders.Timestamp);
            headers.Remove(TikiVipHeaders.ClientId);
            headers.Remove(TikiVipHeaders.Signature);
        }

        call.Signed = true;
        headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, options.ClientId);
        headers.TryAddWithoutValidation(TikiVipHeaders.Signature, signature);

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
