using System.Text.Encodings.Web;

namespace TikiVip.Sdk.Json;

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
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
                {
                    i++; // a well-formed pair: written as itself
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // Only ASCII bytes need escaping; valid UTF-8 never has them inside a multi-byte sequence.
        for (var i = 0; i < utf8Text.Length; i++)
        {
            var b = utf8Text[i];
            if (b < 0x20 || b == '"' || b == '\\')
            {
                return i;
            }
        }

        return -1;
    }

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
}
