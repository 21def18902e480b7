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

    internal static RefundResponse Accepted(string requestId)
    {
        // The hot path: an id that needs no escaping (as Tiki's do) is copied between the fixed parts, one array in all.
        if (IsPlain(requestId))
        {
            ReadOnlySpan<byte> head = "{\"status\":\"accepted\",\"request_id\":\""u8;
            var body = new byte[head.Length + requestId.Length + 2];
            head.CopyTo(body);
            for (var i = 0; i < requestId.Length; i++)
            {
                body[head.Length + i] = (byte)requestId[i];
            }

            body[^2] = (byte)'"';
            body[^1] = (byte)'}';
            return new RefundResponse(200, body);
        }

        return Create(200, writer =>
        {
            writer.WriteString("status", "accepted");
            writer.WriteString("request_id", requestId);
        });
    }

    /// <summary>ASCII letters, digits and <c>- _ . :</c> only: what System.Text.Json writes as itself.</summary>
    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

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
