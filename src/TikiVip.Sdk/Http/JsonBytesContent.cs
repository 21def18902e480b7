using System.Net;
using System.Net.Http.Headers;

namespace TikiVip.Sdk.Http;

/// <summary>A JSON body whose exact bytes the signing handler can read without copying; they are what goes on the wire.</summary>
internal sealed class JsonBytesContent : HttpContent
{
    public JsonBytesContent(byte[] bytes)
    {
        Bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    public byte[] Bytes { get; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Bytes, 0, Bytes.Length);

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Bytes, 0, Bytes.Length, cancellationToken);
#endif

    protected override bool TryComputeLength(out long length)
    {
        length = Bytes.Length;
        return true;
    }
}
