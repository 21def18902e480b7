using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TikiVip.Sdk.Signing;

/// <summary>
/// The one implementation of Tiki VIP's request signature, used for outbound calls, inbound refund
/// verification, the emulator and the test helpers alike.
/// </summary>
/// <remarks>
/// <c>signature = hex(HMAC_SHA256(key: client_secret, message: base64url(timestamp + "." + client_id + "." + data)))</c>,
/// lowercase hex, base64url without padding. <c>data</c> is the exact request body bytes for a POST, and the
/// path and query relative to the API base address for a GET.
/// </remarks>
public static class TikiVipSignature
{
    /// <summary>The length in characters of every signature: 32 bytes as hex.</summary>
    public const int Length = 64;

    private const int HashLength = 32;
    private const int StackLimit = 512;

    /// <summary>Computes the signature of a request.</summary>
    /// <param name="timestamp">Unix time in milliseconds, as sent in <see cref="TikiVipHeaders.Timestamp"/>.</param>
    /// <param name="clientId">The partner's client id.</param>
    /// <param name="data">The signed data: the body bytes as sent, or for a GET the relative path and query.</param>
    /// <param name="clientSecret">The partner's client secret.</param>
    /// <returns>The signature as 64 lowercase hex characters.</returns>
#if NET
    [System.Runtime.CompilerServices.SkipLocalsInit]
#endif
    public static string Compute(long timestamp, string clientId, ReadOnlySpan<byte> data, string clientSecret) =>
        Compute(timestamp, clientId, data, clientSecret, TikiVipSignedPayload.Base64Url);

    /// <summary>Computes the signature of a request in one of the forms Tiki's documents have described.</summary>
    /// <param name="timestamp">Unix time in milliseconds, as sent in the timestamp header.</param>
    /// <param name="clientId">The partner's client id.</param>
    /// <param name="data">The signed data: the body bytes as sent, or for a GET the relative path and query.</param>
    /// <param name="clientSecret">The partner's client secret.</param>
    /// <returns>The signature as 64 lowercase hex characters.</returns>
    /// <param name="payload">Whether the HMAC covers the base64url payload (Tiki's current form) or the payload itself.</param>
#if NET
    [System.Runtime.CompilerServices.SkipLocalsInit]
#endif
    public static string Compute(long timestamp, string clientId, ReadOnlySpan<byte> data, string clientSecret, TikiVipSignedPayload payload)
    {
        Span<byte> hash = stackalloc byte[HashLength];
        ComputeHash(timestamp, clientId, data, clientSecret, hash, payload);
        return ToLowerHex(hash);
    }

    /// <summary>Computes the signature of a request whose data is text (encoded as UTF-8).</summary>
    /// <inheritdoc cref="Compute(long, string, ReadOnlySpan{byte}, string)"/>
    public static string Compute(long timestamp, string clientId, string data, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(data.Length);
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Encoding.UTF8.GetBytes(data, buffer);
            return Compute(timestamp, clientId, buffer[..written], clientSecret);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Checks a signature in constant time. Returns <see langword="false"/> for a malformed signature
    /// (wrong length, not hex) rather than throwing, because the value comes from the network.
    /// </summary>
    /// <param name="signature">The received signature (hex; case-insensitive).</param>
    /// <param name="timestamp">The received timestamp.</param>
    /// <param name="clientId">The client id the signature must have been made for.</param>
    /// <param name="data">The received data, byte for byte as it arrived.</param>
    /// <param name="clientSecret">The secret to check against.</param>
    /// <returns>Whether the signature is the one <paramref name="clientSecret"/> gives for this request.</returns>
#if NET
    [System.Runtime.CompilerServices.SkipLocalsInit]
#endif
    public static bool Verify(ReadOnlySpan<char> signature, long timestamp, string clientId, ReadOnlySpan<byte> data, string clientSecret) =>
        Verify(signature, timestamp, clientId, data, clientSecret, TikiVipSignedPayload.Base64Url);

    /// <summary>Checks a signature made in one of the forms Tiki's documents have described, in constant time.</summary>
    /// <param name="signature">The received signature (hex; case-insensitive).</param>
    /// <param name="timestamp">The received timestamp.</param>
    /// <param name="clientId">The client id the signature must have been made for.</param>
    /// <param name="data">The received data, byte for byte as it arrived.</param>
    /// <param name="clientSecret">The secret to check against.</param>
    /// <returns>Whether the signature is the one <paramref name="clientSecret"/> gives for this request in that form.</returns>
    /// <param name="payload">Whether the HMAC covers the base64url payload (Tiki's current form) or the payload itself.</param>
#if NET
    [System.Runtime.CompilerServices.SkipLocalsInit]
#endif
    public static bool Verify(ReadOnlySpan<char> signature, long timestamp, string clientId, ReadOnlySpan<byte> data, string clientSecret, TikiVipSignedPayload payload)
    {
        Span<byte> received = stackalloc byte[HashLength];
        if (!TryParseHex(signature, received))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashLength];
        ComputeHash(timestamp, clientId, data, clientSecret, expected, payload);
        return CryptographicOperations.FixedTimeEquals(received, expected);
    }

    /// <summary>Computes the raw 32-byte HMAC into <paramref name="destination"/> without allocating.</summary>
#if NET
    [System.Runtime.CompilerServices.SkipLocalsInit] // every stack byte read is written first; zeroing them costs time
#endif
    internal static void ComputeHash(
        long timestamp, string clientId, ReadOnlySpan<byte> data, string clientSecret, Span<byte> destination, TikiVipSignedPayload form = TikiVipSignedPayload.Base64Url)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(clientSecret);
        if (timestamp < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), "The timestamp must not be negative.");
        }

        // payload = timestamp "." client_id "." data, then base64url of it, in one pooled buffer:
        // the payload is written at the end of the buffer and encoded in place toward its start.
        var payloadLength = 20 + 1 + Encoding.UTF8.GetMaxByteCount(clientId.Length) + 1 + data.Length;
        var encodedLength = Base64.GetMaxEncodedToUtf8Length(payloadLength);
        byte[]? rentedPayload = null;
        byte[]? rentedKey = null;
        var bufferLength = payloadLength + encodedLength;
        var buffer = bufferLength <= StackLimit ? stackalloc byte[StackLimit] : (rentedPayload = ArrayPool<byte>.Shared.Rent(bufferLength));
#if !NET
        var keyLength = Encoding.UTF8.GetMaxByteCount(clientSecret.Length);
        var key = keyLength <= 256 ? stackalloc byte[256] : (rentedKey = ArrayPool<byte>.Shared.Rent(keyLength));
#endif
        try
        {
            var payload = buffer.Slice(encodedLength, payloadLength);
            Utf8Formatter.TryFormat(timestamp, payload, out var length);
            payload[length++] = (byte)'.';
            length += Encoding.UTF8.GetBytes(clientId, payload[length..]);
            payload[length++] = (byte)'.';
            data.CopyTo(payload[length..]);
            length += data.Length;

            var message = payload[..length];
            if (form != TikiVipSignedPayload.Raw)
            {
                Base64.EncodeToUtf8(message, buffer[..encodedLength], out _, out var encoded);
                message = ToBase64Url(buffer[..encoded]);
            }

#if NET
            KeyedHmac.For(clientSecret).TryComputeHash(message, destination, out _);
#else
            var keyBytes = Encoding.UTF8.GetBytes(clientSecret, key);
            HMACSHA256.HashData(key[..keyBytes], message, destination);
            CryptographicOperations.ZeroMemory(key[..keyBytes]);
#endif
        }
        finally
        {
            if (rentedPayload is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPayload);
            }

            if (rentedKey is not null)
            {
                CryptographicOperations.ZeroMemory(rentedKey);
                ArrayPool<byte>.Shared.Return(rentedKey);
            }
        }
    }

    /// <summary>Turns standard base64 into the URL-safe alphabet and drops the padding, in place.</summary>
    private static Span<byte> ToBase64Url(Span<byte> base64)
    {
        var length = base64.Length;
        while (length > 0 && base64[length - 1] == (byte)'=')
        {
            length--;
        }

        var result = base64[..length];
        result.Replace((byte)'+', (byte)'-');
        result.Replace((byte)'/', (byte)'_');
        return result;
    }

    /// <summary>Lowercase hex, as signatures are written; also the id of a quarantined refund body.</summary>
    internal static string ToLowerHex(ReadOnlySpan<byte> bytes)
    {
#if NET9_0_OR_GREATER
        return Convert.ToHexStringLower(bytes);
#else
        Span<char> chars = stackalloc char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
            chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 0xF];
        }

        return chars.ToString();
#endif
    }

    private static bool TryParseHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

#if NET9_0_OR_GREATER
        // Vectorised; the received signature is not secret, so its parsing need not be constant-time.
        return Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == destination.Length;
#else
        for (var i = 0; i < destination.Length; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
#endif
    }

#if !NET9_0_OR_GREATER
    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
#endif

#if NET
    /// <summary>
    /// An HMAC keyed once per secret and thread: setting the key up (hashing its padded blocks) costs as much as the
    /// MAC itself, so reusing it halves the cost of a signature. Thread-static, since an HMAC instance is not
    /// thread-safe; a thread that alternates secrets (a rotation being verified) just re-keys.
    /// </summary>
    private sealed class KeyedHmac : IDisposable
    {
        [ThreadStatic]
        private static KeyedHmac? t_current;

        private readonly string _secret;
        private readonly HMACSHA256 _hmac;

        private KeyedHmac(string secret)
        {
            _secret = secret;
            var key = Encoding.UTF8.GetBytes(secret);
            _hmac = new HMACSHA256(key);
            CryptographicOperations.ZeroMemory(key); // HMACSHA256 keeps its own copy
        }

        public static HMACSHA256 For(string secret)
        {
            var current = t_current;
            if (current is null || !string.Equals(current._secret, secret, StringComparison.Ordinal))
            {
                current?.Dispose();
                t_current = current = new KeyedHmac(secret);
            }

            return current._hmac;
        }

        public void Dispose() => _hmac.Dispose();
    }
#endif
}
