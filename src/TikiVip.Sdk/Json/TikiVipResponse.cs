using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TikiVip.Sdk.Json;

/// <summary>
/// A tolerant reader for every response envelope Tiki has used (see the API reference):
/// <c>{"data":{...}}</c>, <c>{"data":null,"error":{"code":"1","message":...}}</c>, <c>{"error":"..."}</c>,
/// <c>{"result_code":"SUCCESS",...}</c>, and <c>{"code":N,"message":...,"data":{...}}</c> or with the fields at the top level.
/// </summary>
internal sealed class TikiVipResponse : IDisposable
{
    private const int ExcerptLength = 200;
    private readonly JsonDocument _document;

    // Whether there is no data object; kept, as comparing JsonElements is a boxing, reflective ValueType.Equals.
    private readonly bool _payloadIsRoot;

    private TikiVipResponse(JsonDocument document, JsonElement payload, bool payloadIsRoot)
    {
        _document = document;
        Payload = payload;
        _payloadIsRoot = payloadIsRoot;
    }

    /// <summary>Where the result's fields are: the <c>data</c> object, or the top level when there is none.</summary>
    public JsonElement Payload { get; }

    /// <summary>The top level of the response.</summary>
    public JsonElement Root => _document.RootElement;

    /// <summary>Parses a response, or throws <see cref="TikiVipApiException"/> for any kind of failure.</summary>
    public static TikiVipResponse Read(TikiVipOperation operation, HttpStatusCode status, ReadOnlyMemory<byte> body)
    {
        var succeeded = (int)status is >= 200 and < 300;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Unreadable(operation, status, body, succeeded);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Unreadable(operation, status, body, succeeded);
        }

        // One pass over the envelope's top level (the last of duplicate names wins, as with TryGetProperty).
        int? code = null;
        string? message = null;
        string? resultCode = null;
        JsonElement error = default, data = default;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("code"u8))
            {
                code = ReadCode(property.Value);
            }
            else if (property.NameEquals("message"u8))
            {
                message = ReadString(property.Value);
            }
            else if (property.NameEquals("data"u8))
            {
                data = property.Value;
            }
            else if (property.NameEquals("error"u8))
            {
                error = property.Value;
            }
            else if (property.NameEquals("result_code"u8))
            {
                resultCode = ReadString(property.Value);
            }
        }

        if (error.ValueKind is not JsonValueKind.Undefined and not JsonValueKind.Null)
        {
            succeeded = false;
            if (error.ValueKind == JsonValueKind.Object)
            {
                code = (error.TryGetProperty("code"u8, out var errorCode) ? ReadCode(errorCode) : null) ?? code;
                message = (error.TryGetProperty("message"u8, out var errorMessage) ? ReadString(errorMessage) : null) ?? message;
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                message = error.GetString();
            }
        }

        if (code is not null and not 0)
        {
            succeeded = false;
        }

        if (resultCode is not null && !resultCode.Equals("SUCCESS", StringComparison.OrdinalIgnoreCase))
        {
            succeeded = false;
            message ??= resultCode;
        }

        if (!succeeded)
        {
            document.Dispose();
            throw Failure(operation, status, code, message);
        }

        var hasData = data.ValueKind == JsonValueKind.Object;
        return new TikiVipResponse(document, hasData ? data : root, payloadIsRoot: !hasData);
    }

    /// <summary>Whether a successful-looking response body carries the given result code (used to retry lookups on code 2).</summary>
    public static bool HasCode(ReadOnlySpan<byte> body, int expected)
    {
        // Tiki's usual answer starts {"code":N, with a one-digit code: read that without a JSON reader.
        if (expected is >= 0 and <= 9 && body.Length > 9 && body.StartsWith("{\"code\":"u8) && body[8] is >= (byte)'0' and <= (byte)'9' && body[9] is (byte)',' or (byte)'}')
        {
            return body[8] == (byte)('0' + expected);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                reader.Read();
                if (isCode)
                {
                    return (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) && n == expected)
                        || (reader.TokenType == JsonTokenType.String && reader.GetString() == expected.ToString(CultureInfo.InvariantCulture));
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a code.
        }

        return false;
    }

    /// <summary>A string field of the payload, or <see langword="null"/>.</summary>
    public string? GetString(string name) => ReadString(Payload, name) ?? (_payloadIsRoot ? null : ReadString(Root, name));

    /// <summary>A whole-number field of the payload, or <see langword="null"/>.</summary>
    public long? GetInt64(string name)
    {
        foreach (var scope in _payloadIsRoot ? [Root] : new[] { Payload, Root })
        {
            if (scope.TryGetProperty(name, out var value))
            {
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
                {
                    return n;
                }

                if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
                {
                    return n;
                }
            }
        }

        return null;
    }

    public void Dispose() => _document.Dispose();

    /// <summary>The exception for a failed call, classified by Tiki's result code or else by HTTP status.</summary>
    public static TikiVipApiException Failure(TikiVipOperation operation, HttpStatusCode status, int? code, string? message)
    {
        if (code is { } c and not 0)
        {
            // Code 2 is Tiki's "system error, try again", for the IPN as for the lookup (API reference, step 3).
            var transient = c == (int)TikiVipResultCode.SystemError;
            return new TikiVipApiException(operation, "Tiki returned an error.", status, c, message, transient, ActionFor(operation, c));
        }

        var httpTransient = IsTransientStatus(status);
        var action = status switch
        {
            _ when httpTransient => TikiVipRecommendedAction.Retry,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => TikiVipRecommendedAction.CheckCredentials,
            HttpStatusCode.NotFound when operation == TikiVipOperation.GetTransaction => TikiVipRecommendedAction.CheckTransactionId,
            _ when (int)status >= 400 => TikiVipRecommendedAction.CheckRequest,
            _ => TikiVipRecommendedAction.None,
        };
        return new TikiVipApiException(operation, "Tiki returned an error.", status, null, message, httpTransient, action);
    }

    /// <summary>Whether an HTTP status means "try again": 408, 429 and every 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout || (int)status == 429 || (int)status >= 500;

    private static TikiVipRecommendedAction ActionFor(TikiVipOperation operation, int code) => (operation, (TikiVipResultCode)code) switch
    {
        (_, TikiVipResultCode.SystemError) => TikiVipRecommendedAction.Retry,
        // For an IPN, Tiki states that every other non-zero code ends with the customer refunded.
        (TikiVipOperation.SubmitIpn, _) => TikiVipRecommendedAction.RefundCustomer,
        (_, TikiVipResultCode.InvalidRequest) => TikiVipRecommendedAction.CheckRequest,
        (_, TikiVipResultCode.TransactionNotFound) => TikiVipRecommendedAction.RefundCustomer,
        (_, TikiVipResultCode.TransactionNotOwned) => TikiVipRecommendedAction.CheckTransactionId,
        (_, TikiVipResultCode.TransactionCancelled) => TikiVipRecommendedAction.RefundCustomer,
        _ => TikiVipRecommendedAction.None,
    };

    private static TikiVipApiException Unreadable(TikiVipOperation operation, HttpStatusCode status, ReadOnlyMemory<byte> body, bool succeeded)
    {
        var excerpt = Excerpt(body.Span);
        if (!succeeded)
        {
            var failure = Failure(operation, status, null, null);
            return new TikiVipApiException(
                operation, $"Tiki returned a non-JSON error body: \"{excerpt}\".", status, null, null, failure.IsTransient, failure.RecommendedAction);
        }

        return new TikiVipApiException(operation, $"The response is not a JSON object: \"{excerpt}\".", status);
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptLength * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptLength + 1));
        foreach (var ch in text)
        {
            if (builder.Length == ExcerptLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(ch) ? ' ' : ch);
        }

        return builder.ToString().Trim();
    }

    private static int? ReadCode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static string? ReadString(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? ReadString(JsonElement scope, string name) =>
        scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
