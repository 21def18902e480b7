using System.Text.Encodings.Web;

namespace TikiVip.Sdk.Shared;

/// <summary>
/// Escapes JSON text exactly as JavaScript's <c>JSON.stringify</c> does: <c>"</c> and <c>\</c>, the control
/// characters (<c>\b \t \n \f \r</c>, else <c>\u00xx</c> in lower case) and lone surrogates; every other
/// character, Vietnamese, emoji, <c>+ &amp; &lt; &gt; ' /</c>, is written as itself in UTF-8. Bodies written with it
/// are byte-identical to <c>JSON.stringify(JSON.parse(body))</c>, so their signature verifies whether Tiki
/// checks the raw bytes or re-serialises what it parsed (its signing page computes
/// <c>json_stringify(body)</c>). System.Text.Json's own encoders escape non-ASCII and HTML characters instead.
/// </summary>
internal sealed class JsonStringifyEncoder : JavaScriptEncoder
{
    public static readonly JsonStringifyEncoder Instance = new();

    private const string Hex = "0123456789abcdef";

    private JsonStringifyEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar == '"' || unicodeScalar == '\\' || unicodeScalar is >= 0xD800 and <= 0xDFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var offset = 0;
        while (true)
        {
            // Vectorised on .NET: the first escape, and separately the first surrogate (most text has none).
            var rest = span.Slice(offset);
            var escape = IndexOfEscape(rest);
            var surrogate = IndexOfSurrogate(rest);
            if (surrogate < 0 || (escape >= 0 && escape < surrogate))
            {
                return escape < 0 ? -1 : offset + escape;
            }

            var i = offset + surrogate;
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                offset = i + 2; // a well-formed pair: written as itself
                continue;
            }

            return i;
        }
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) =>
        // Only ASCII bytes need escaping; valid UTF-8 never has them inside a multi-byte sequence.
#if NET
        utf8Text.IndexOfAny(EscapedBytes);
#else
        IndexOfEscapeScalar(utf8Text);
#endif

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        numberOfCharactersWritten = 0;
        if (!WillEncode(unicodeScalar))
        {
            // Asked to write a character that needs no escape: write it as itself.
            var length = unicodeScalar > 0xFFFF ? 2 : 1;
            if (bufferLength < length)
            {
                return false;
            }

            if (length == 2)
            {
                var offset = unicodeScalar - 0x10000;
                buffer[0] = (char)(0xD800 + (offset >> 10));
                buffer[1] = (char)(0xDC00 + (offset & 0x3FF));
            }
            else
            {
                buffer[0] = (char)unicodeScalar;
            }

            numberOfCharactersWritten = length;
            return true;
        }

        var shortForm = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\t' => 't',
            '\n' => 'n',
            '\f' => 'f',
            '\r' => 'r',
            _ => '\0',
        };
        if (shortForm != '\0')
        {
            if (bufferLength < 2)
            {
                return false;
            }

            buffer[0] = '\\';
            buffer[1] = shortForm;
            numberOfCharactersWritten = 2;
            return true;
        }

        if (bufferLength < 6)
        {
            return false;
        }

        buffer[0] = '\\';
        buffer[1] = 'u';
        buffer[2] = Hex[(unicodeScalar >> 12) & 0xF];
        buffer[3] = Hex[(unicodeScalar >> 8) & 0xF];
        buffer[4] = Hex[(unicodeScalar >> 4) & 0xF];
        buffer[5] = Hex[unicodeScalar & 0xF];
        numberOfCharactersWritten = 6;
        return true;
    }

#if NET
    private static readonly System.Buffers.SearchValues<char> EscapedChars = System.Buffers.SearchValues.Create(Escaped);
    private static readonly System.Buffers.SearchValues<byte> EscapedBytes = System.Buffers.SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(Escaped));

    private static int IndexOfEscape(ReadOnlySpan<char> text) => text.IndexOfAny(EscapedChars);

    private static int IndexOfSurrogate(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uD800', '\uDFFF');
#else
    private static int IndexOfSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfEscape(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] < 0x20 || text[i] == '"' || text[i] == '\\')
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfEscapeScalar(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] < 0x20 || text[i] == '"' || text[i] == '\\')
            {
                return i;
            }
        }

        return -1;
    }
#endif

    /// <summary>The characters JSON requires escaped: the C0 controls, the quote and the backslash.</summary>
    private static string Escaped => "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\";
}
