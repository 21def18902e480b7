using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// Reads a verified refund body strictly: an object with each known field once, of the right type. Unknown
/// fields are kept, as sent, for the handler (Tiki may add some).
/// </summary>
internal static class RefundBodyParser
{
    private const int MaxIdLength = 256;

    public readonly record struct Failure(string? Field, string Message);

    public static bool TryParse(ReadOnlySpan<byte> body, out RefundRequest? refund, out Failure failure)
    {
        refund = null;
        string? tikiTransactionId = null, transactionId = null, reason = null, requestId = null;
        long? amount = null, requestAmount = null;
        Dictionary<string, JsonElement>? additional = null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                failure = new(null, "The body must be a JSON object.");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Compared as UTF-8 in place: no string per property name.
                var field = reader.ValueTextEquals("tiki_transaction_id"u8) ? 1
                    : reader.ValueTextEquals("transaction_id"u8) ? 2
                    : reader.ValueTextEquals("request_id"u8) ? 3
                    : reader.ValueTextEquals("reason"u8) ? 4
                    : reader.ValueTextEquals("transaction_amount"u8) ? 5
                    : reader.ValueTextEquals("request_amount"u8) ? 6
                    : 0;
                var unknownName = field == 0 ? reader.GetString()! : null;
                reader.Read();
                var ok = field switch
                {
                    1 => ReadId(ref reader, "tiki_transaction_id", ref tikiTransactionId, out failure),
                    2 => ReadId(ref reader, "transaction_id", ref transactionId, out failure),
                    3 => ReadId(ref reader, "request_id", ref requestId, out failure),
                    4 => ReadReason(ref reader, ref reason, out failure),
                    5 => ReadAmount(ref reader, "transaction_amount", ref amount, out failure),
                    6 => ReadAmount(ref reader, "request_amount", ref requestAmount, out failure),
                    _ => ReadUnknown(ref reader, unknownName!, ref additional, out failure),
                };
                if (!ok)
                {
                    return false;
                }
            }

            if (reader.Read())
            {
                failure = new(null, "The body has content after the JSON object.");
                return false;
            }
        }
        catch (JsonException)
        {
            failure = new(null, "The body is not valid JSON.");
            return false;
        }

        var missing = tikiTransactionId is null ? "tiki_transaction_id"
            : amount is null ? "transaction_amount"
            : transactionId is null ? "transaction_id"
            : reason is null ? "reason"
            : requestId is null ? "request_id"
            : null;
        if (missing is not null)
        {
            failure = new(missing, $"{missing} is required.");
            return false;
        }

        if (requestAmount > amount)
        {
            // A partial refund larger than the payment is not a refund the partner can make: kept for a person.
            failure = new("request_amount", $"request_amount ({requestAmount}) is larger than transaction_amount ({amount}).");
            return false;
        }

        refund = new RefundRequest(tikiTransactionId!, transactionId!, amount!.Value, reason!, requestId!)
        {
            RequestAmount = requestAmount,
            AdditionalFields = additional ?? RefundRequest.NoAdditionalFields,
        };
        failure = default;
        return true;
    }

    /// <summary>The <c>request_id</c> of a body that failed validation, when it is a readable string at the top level.</summary>
    public static string? TryReadRequestId(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRequestId = reader.ValueTextEquals("request_id"u8);
                reader.Read();
                if (isRequestId && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    return value is { Length: > 0 and <= MaxIdLength } ? value : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Unreadable: the quarantine entry has no request id.
        }

        return null;
    }

    /// <summary>A quarantined body's id: the lowercase hex SHA-256 of its bytes.</summary>
    public static string BodyId(ReadOnlySpan<byte> body)
    {
        Span<byte> digest = stackalloc byte[32];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(body);
        hash.GetHashAndReset(digest);
        return Signing.TikiVipSignature.ToLowerHex(digest);
    }

    /// <summary>
    /// A digest of the refund's meaning rather than its bytes, so a retry that Tiki re-serialises (other key
    /// order or spacing) is still recognised as the same refund, while any changed value is not.
    /// </summary>
#if NET
    public static string Fingerprint(RefundRequest refund)
    {
        // Length-prefixed fields, so no two different refunds share a canonical form. Hashed in one shot over a
        // pooled buffer: the same digest as appending field by field, without a hash object per refund.
        var amount = refund.TransactionAmount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var requested = refund.RequestAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var size = Size(refund.TikiTransactionId) + Size(refund.TransactionId) + Size(amount) + Size(refund.Reason) + Size(refund.RequestId)
            + (requested is null ? 0 : Size("request_amount") + Size(requested));
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = 0;
            written += Append(rented.AsSpan(written), refund.TikiTransactionId);
            written += Append(rented.AsSpan(written), refund.TransactionId);
            written += Append(rented.AsSpan(written), amount);
            written += Append(rented.AsSpan(written), refund.Reason);
            written += Append(rented.AsSpan(written), refund.RequestId);
            if (requested is not null)
            {
                // Only when present, so every fingerprint stored before request_amount existed stays valid.
                written += Append(rented.AsSpan(written), "request_amount");
                written += Append(rented.AsSpan(written), requested);
            }

            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, written), digest);
            return Convert.ToBase64String(digest);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Size(string value) => 4 + Encoding.UTF8.GetMaxByteCount(value.Length);

    /// <summary>Writes the field as its UTF-16 length (little endian) and its UTF-8 bytes.</summary>
    private static int Append(Span<byte> destination, string value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination, value.Length);
        return 4 + Encoding.UTF8.GetBytes(value, destination[4..]);
    }
#else
    public static string Fingerprint(RefundRequest refund)
    {
        // Length-prefixed fields, so no two different refunds share a canonical form.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, refund.TikiTransactionId);
        Append(hash, refund.TransactionId);
        Append(hash, refund.TransactionAmount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Append(hash, refund.Reason);
        Append(hash, refund.RequestId);
        if (refund.RequestAmount is { } requested)
        {
            // Only when present, so every fingerprint stored before request_amount existed stays valid.
            Append(hash, "request_amount");
            Append(hash, requested.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToBase64String(digest);
    }

    private static void Append(IncrementalHash hash, string value)
    {
        Span<byte> buffer = stackalloc byte[512];
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, value.Length);
        var written = Encoding.UTF8.GetBytes(value, bytes[4..]);
        hash.AppendData(bytes[..(written + 4)]);
    }
#endif

    private static bool ReadId(ref Utf8JsonReader reader, string name, ref string? value, out Failure failure)
    {
        if (value is not null)
        {
            return Duplicate(name, out failure);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            failure = new(name, $"{name} must be a string.");
            return false;
        }

        var text = reader.GetString()!;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxIdLength)
        {
            failure = new(name, $"{name} must be a non-empty string of at most {MaxIdLength} characters.");
            return false;
        }

        value = text;
        failure = default;
        return true;
    }

    private static bool ReadReason(ref Utf8JsonReader reader, ref string? value, out Failure failure)
    {
        if (value is not null)
        {
            return Duplicate("reason", out failure);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            failure = new("reason", "reason must be a string.");
            return false;
        }

        value = reader.GetString()!;
        failure = default;
        return true;
    }

    private static bool ReadAmount(ref Utf8JsonReader reader, string name, ref long? value, out Failure failure)
    {
        if (value is not null)
        {
            return Duplicate(name, out failure);
        }

        // 100000 and 100000.0 are the same whole number; 100000.5, 0, -1 and "100000" are not accepted.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number)
            && number > 0 && number == decimal.Truncate(number) && number <= long.MaxValue)
        {
            value = (long)number;
            failure = default;
            return true;
        }

        failure = new(name, $"{name} must be a positive whole number.");
        return false;
    }

    private static bool ReadUnknown(ref Utf8JsonReader reader, string name, ref Dictionary<string, JsonElement>? fields, out Failure failure)
    {
        fields ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (fields.ContainsKey(name))
        {
            return Duplicate(name, out failure);
        }

        fields[name] = JsonElement.ParseValue(ref reader); // its own copy: valid after the body's buffer is reused
        failure = default;
        return true;
    }

    private static bool Duplicate(string name, out Failure failure)
    {
        failure = new(name, $"{name} appears more than once.");
        return false;
    }
}
