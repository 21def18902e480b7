using System.Net;

namespace TikiVip.Sdk.Http;

/// <summary>A response body read whole by the attempt that received it; its bytes are read without copying.</summary>
internal sealed class BufferedContent : HttpContent
{
    public BufferedContent(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

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
