using System.Globalization;
using System.Text;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Http;

/// <summary>
/// Signs one attempt of a request. The resilience handler calls it at the start of every attempt, inside the retry
/// loop, so each attempt carries its own fresh timestamp and signature and a retry can never be rejected as stale.
/// (A step of the attempt rather than a handler of its own: one delegating handler fewer on every call.)
/// </summary>
internal static class AttemptSigner
{
    public static async ValueTask SignAsync(TikiVipRequestMessage request, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = request.CallOptions;
        var data = request.Content switch
        {
            null => Encoding.UTF8.GetBytes(SignedData.ForBodylessRequest(options.ResolveBaseAddress(), request.RequestUri!)),
            BytesContent bytes => bytes.Bytes,
            // Buffers any other content, so the bytes signed are the bytes sent.
            var other => await other.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
        };

        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = TikiVipSignature.Compute(timestamp, options.ClientId, data, options.ClientSecret);

        var headers = request.Headers;
        if (request.Signed)
        {
            // A retry of the same message: replace the previous attempt's signature.
            headers.Remove(TikiVipHeaders.Timestamp);
            headers.Remove(TikiVipHeaders.ClientId);
            headers.Remove(TikiVipHeaders.Signature);
        }

        request.Signed = true;
        headers.TryAddWithoutValidation(TikiVipHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(TikiVipHeaders.ClientId, options.ClientId);
        headers.TryAddWithoutValidation(TikiVipHeaders.Signature, signature);
    }
}
