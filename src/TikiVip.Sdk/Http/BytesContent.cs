using System.Net;
using System.Net.Http.Headers;

namespace TikiVip.Sdk.Http;

/// <summary>
/// A body held as one array whose bytes are read in place: a request's JSON, which signing reads and which goes on
/// the wire as is, or an answer read whole by the attempt that received it.
/// </summary>
internal sealed class BytesContent : HttpContent
{
    public BytesContent(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    /// <summary>A request body of JSON (UTF-8).</summary>
    public static BytesContent Json(byte[] bytes)
    {
        var content = new BytesContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Bytes, 0, Bytes.Length);

#if NET
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Bytes, 0, Bytes.Length, cancellationToken);
#endif

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(Bytes, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = Bytes.Length;
        return true;
    }
}
