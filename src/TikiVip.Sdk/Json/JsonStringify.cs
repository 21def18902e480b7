using System.Globalization;
using System.Text.Json;
using System.Text;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Json;

/// <summary>
/// <c>JSON.stringify(JSON.parse(json))</c> in .NET: the compact form a JavaScript server re-serialises a body to.
/// Keys keep their first position (a repeated key takes its last value), strings are escaped as
/// <see cref="JsonStringifyEncoder"/> does, numbers are written as JavaScript writes a double.
/// </summary>
internal static class JsonStringify
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JsonStringifyEncoder.Instance, SkipValidation = true };

    /// <summary>The re-serialised form, or <see langword="null"/> when the text is not JSON.</summary>
    public static byte[]? Canonicalize(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed) || reader.BytesConsumed != json.Length && !OnlyWhitespace(json[(int)reader.BytesConsumed..]))
            {
                parsed?.Dispose();
                return null;
            }

            document = parsed!;
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            using var buffer = new MemoryStream(json.Length);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(writer, document.RootElement);
            }

            return buffer.ToArray();
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // A JavaScript object keeps a key where it first appeared, with the value it last had.
                var properties = new List<KeyValuePair<string, JsonElement>>();
                var index = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (index.TryGetValue(property.Name, out var at))
                    {
                        properties[at] = new(property.Name, property.Value);
                    }
                    else
                    {
                        index[property.Name] = properties.Count;
                        properties.Add(new(property.Name, property.Value));
                    }
                }

                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Key);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(JavaScriptNumber(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>How JavaScript writes the number a JSON number literal parses to (ECMA-262 Number::toString).</summary>
    internal static string JavaScriptNumber(string literal)
    {
        var value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value == 0)
        {
            return "0"; // -0 too
        }

        if (double.IsInfinity(value))
        {
            return "null"; // JSON.stringify(Infinity): a literal too large for a double
        }

        // The shortest digits that round-trip, and where the decimal point goes (value = 0.digits x 10^n).
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, n) = Decompose(shortest);
        var k = digits.Length;
        var text = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Splits .NET's shortest round-trip text ("1.5", "1E-07", "1.2345E+21") into significant digits and exponent.</summary>
    private static (string Digits, int N) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }

        var point = mantissa.IndexOf('.');
        var integerPart = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var all = integerPart + fraction;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        var n = integerPart.Length + exponent - leadingZeros;
        return (digits.Length == 0 ? "0" : digits, n);
    }

    private static bool OnlyWhitespace(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
