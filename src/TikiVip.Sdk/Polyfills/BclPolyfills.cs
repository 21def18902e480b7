// netstandard2.0 lacks these .NET Core APIs. C# 14 extension members add them under their real names, so the
// shared code reads the same on every target; on .NET 8+ this file is not compiled at all.
using System.Diagnostics;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace System;

internal static class BclPolyfills
{
    extension(ArgumentNullException)
    {
        public static void ThrowIfNull(object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(ArgumentException)
    {
        public static void ThrowIfNullOrWhiteSpace(string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }

            if (string.IsNullOrWhiteSpace(argument))
            {
                throw new ArgumentException("The value cannot be an empty string or composed entirely of whitespace.", paramName);
            }
        }
    }

    extension(Enum)
    {
        public static bool IsDefined<TEnum>(TEnum value)
            where TEnum : struct, Enum => Enum.IsDefined(typeof(TEnum), value);
    }

    extension(Convert)
    {
        public static string ToBase64String(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes.ToArray());
    }

    extension(Stopwatch)
    {
        public static TimeSpan GetElapsedTime(long startingTimestamp) =>
            TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }

    extension(string text)
    {
        public bool StartsWith(char value) => text.Length > 0 && text[0] == value;

        public bool EndsWith(char value) => text.Length > 0 && text[text.Length - 1] == value;

        public bool Contains(char value) => text.IndexOf(value) >= 0;
    }

    extension(Span<byte> span)
    {
        public void Replace(byte oldValue, byte newValue)
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (span[i] == oldValue)
                {
                    span[i] = newValue;
                }
            }
        }
    }

    extension(Encoding encoding)
    {
        public unsafe int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes)
        {
            if (chars.IsEmpty)
            {
                return 0;
            }

            fixed (char* source = chars)
            fixed (byte* destination = bytes)
            {
                return encoding.GetBytes(source, chars.Length, destination, bytes.Length);
            }
        }

        public int GetBytes(string chars, Span<byte> bytes) => encoding.GetBytes(chars.AsSpan(), bytes);

        public unsafe string GetString(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty)
            {
                return "";
            }

            fixed (byte* source = bytes)
            {
                return encoding.GetString(source, bytes.Length);
            }
        }
    }

    extension(HMACSHA256)
    {
        public static int HashData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> source, Span<byte> destination)
        {
            var keyCopy = key.ToArray();
            try
            {
                using var hmac = new HMACSHA256(keyCopy);
                var hash = hmac.ComputeHash(source.ToArray());
                hash.CopyTo(destination);
                return hash.Length;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(keyCopy);
            }
        }
    }

    extension(IncrementalHash hash)
    {
        public void AppendData(ReadOnlySpan<byte> data) => hash.AppendData(data.ToArray());

        public int GetHashAndReset(Span<byte> destination)
        {
            var result = hash.GetHashAndReset();
            result.CopyTo(destination);
            return result.Length;
        }
    }

    extension(HttpContent content)
    {
        public Task<byte[]> ReadAsByteArrayAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return content.ReadAsByteArrayAsync();
        }

        public Task<Stream> ReadAsStreamAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return content.ReadAsStreamAsync();
        }
    }

    extension(Stream stream)
    {
        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
            {
                return new ValueTask<int>(stream.ReadAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken));
            }

            throw new NotSupportedException("Only array-backed buffers are supported on netstandard2.0.");
        }
    }
}
