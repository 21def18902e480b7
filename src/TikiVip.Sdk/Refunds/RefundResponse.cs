using System.Buffers;
using System.Text.Json;

namespace TikiVip.Sdk.Refunds;

/// <summary>What to answer Tiki: an HTTP status and a small JSON body (content type <c>application/json</c>).</summary>
public sealed class RefundResponse
{
    private RefundResponse(int statusCode, byte[] body)
    {
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>The HTTP status: 200 accepted, 500 "try again later", other 4xx for rejected requests.</summary>
    public int StatusCode { get; }

    /// <summary>The UTF-8 JSON body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

#if NET
    internal static RefundResponse Accepted(string requestId)
    {
        // The hot path: written straight into an exact-size array rather than through a MemoryStream.
        var buffer = new ArrayBufferWriter<byte>(64 + (requestId.Length * 6));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "accepted"u8);
            writer.WriteString("request_id"u8, requestId);
            writer.WriteEndObject();
        }

        return new RefundResponse(200, buffer.WrittenSpan.ToArray());
    }
#else
    internal static RefundResponse Accepted(string requestId) =>
        Create(200, writer =>
        {
            writer.WriteString("status", "accepted");
            writer.WriteString("request_id", requestId);
        });
#endif

    internal static RefundResponse Error(int statusCode, string error, string? field = null, string? message = null) =>
        Create(statusCode, writer =>
        {
            writer.WriteString("error", error);
            if (field is not null)
            {
                writer.WriteString("field", field);
            }

            if (message is not null)
            {
                writer.WriteString("message", message);
            }
        });

    private static RefundResponse Create(int statusCode, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new RefundResponse(statusCode, buffer.ToArray());
    }
}
