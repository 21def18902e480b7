using System.Globalization;
using System.Text;
using TikiVip.Sdk.Reconciliation.Files;

namespace TikiVip.Sdk.Reconciliation.Layouts;

/// <summary>
/// Writes and reads a layout's timestamps: the named formats by hand (a format string parsed per call cost more
/// than the rest of a row), a custom .NET format string through the framework.
/// </summary>
internal sealed class TimestampCodec
{
    private static readonly Dictionary<string, ReconciliationTimestampFormat> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Iso8601"] = ReconciliationTimestampFormat.Iso8601,
        ["Iso8601Milliseconds"] = ReconciliationTimestampFormat.Iso8601Milliseconds,
        ["LocalDateTime"] = ReconciliationTimestampFormat.LocalDateTime,
        ["LocalDateTimeMilliseconds"] = ReconciliationTimestampFormat.LocalDateTimeMilliseconds,
    };

    private readonly ReconciliationTimestampFormat? _named;
    private readonly string _pattern;
    private readonly bool _hasOffset;
    private readonly TimeSpan _utcOffset;

    private TimestampCodec(ReconciliationTimestampFormat? named, string pattern, TimeSpan utcOffset)
    {
        _named = named;
        _pattern = pattern;
        _utcOffset = utcOffset;
        _hasOffset = HasOffsetSpecifier(pattern);
    }

    /// <summary>The pattern, as a message shows it (quotes removed).</summary>
    public string Shown => _pattern.Replace("'", "", StringComparison.Ordinal);

    /// <summary>The longest text a timestamp takes.</summary>
    public int MaxBytes => _named is null ? 128 : TimestampFormatter.MaxLength;

    /// <summary>A codec, or the reason the format is unusable.</summary>
    public static TimestampCodec? Create(string? format, TimeSpan utcOffset, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(format))
        {
            problem = "TimestampFormat is empty: use Iso8601, Iso8601Milliseconds, LocalDateTime, LocalDateTimeMilliseconds or a .NET format string such as dd/MM/yyyy HH:mm:ss.";
            return null;
        }

        if (Named.TryGetValue(format, out var named))
        {
            return new TimestampCodec(named, ReconciliationText.Patterns[named], utcOffset);
        }

        var codec = new TimestampCodec(null, format, utcOffset);
        var sample = new DateTimeOffset(2026, 11, 21, 13, 45, 56, 789, utcOffset);
        try
        {
            var text = codec.Format(sample);
            if (text.Length > 100 || text.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                problem = $"TimestampFormat '{format}' writes '{ReconciliationText.Show(text)}', which is too long or spans lines.";
            }
            else if (!codec.TryParse(text, out var back) || DateOnly.FromDateTime(back.ToOffset(utcOffset).DateTime) != new DateOnly(2026, 11, 21))
            {
                problem = $"TimestampFormat '{format}' cannot be read back (it writes {text}): it must hold the year, month and day at least.";
            }
        }
        catch (FormatException)
        {
            problem = $"TimestampFormat '{format}' is neither a named format (Iso8601, Iso8601Milliseconds, LocalDateTime, LocalDateTimeMilliseconds) nor a valid .NET format string.";
        }

        return problem is null ? codec : null;
    }

    public int Write(DateTimeOffset value, Span<byte> destination)
    {
        if (_named is { } named)
        {
            return TimestampFormatter.Write(value, _utcOffset, named, destination);
        }

        Span<char> chars = stackalloc char[128];
        if (!value.ToOffset(_utcOffset).TryFormat(chars, out var length, _pattern, CultureInfo.InvariantCulture))
        {
            throw new ReconciliationException($"the timestamp {value:O} does not fit the format {Shown} in 128 characters.");
        }

        return Encoding.UTF8.GetBytes(chars[..length], destination);
    }

    public string Format(DateTimeOffset value) => value.ToOffset(_utcOffset).ToString(_pattern, CultureInfo.InvariantCulture);

    public bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        if (_named is { } named && TimestampFormatter.TryParse(text, named, _utcOffset, out value))
        {
            return true;
        }

        if (_hasOffset)
        {
            return DateTimeOffset.TryParseExact(text, _pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        }

        if (DateTime.TryParseExact(text, _pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _utcOffset);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Whether a pattern carries an offset (<c>z</c>, <c>zz</c>, <c>zzz</c> or <c>K</c> outside quotes).</summary>
    private static bool HasOffsetSpecifier(string pattern)
    {
        var quote = '\0';
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is 'z' or 'K')
            {
                return true;
            }
        }

        return false;
    }
}
