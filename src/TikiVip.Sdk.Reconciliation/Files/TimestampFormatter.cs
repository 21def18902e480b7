namespace TikiVip.Sdk.Reconciliation.Files;

/// <summary>
/// Writes a timestamp in one of <see cref="ReconciliationTimestampFormat"/>'s layouts (the patterns of
/// <see cref="ReconciliationText.Patterns"/>, byte for byte) as ASCII digits: a custom format string is parsed on
/// every call and cost the writer more than the rest of a row.
/// </summary>
internal static class TimestampFormatter
{
    /// <summary>The longest layout: <c>yyyy-MM-ddTHH:mm:ss.fff+hh:mm</c>.</summary>
    public const int MaxLength = 29;

    public static int Write(DateTimeOffset value, TimeSpan offset, ReconciliationTimestampFormat format, Span<byte> destination)
    {
        var local = value.ToOffset(offset).DateTime;
        var withOffset = format is ReconciliationTimestampFormat.Iso8601 or ReconciliationTimestampFormat.Iso8601Milliseconds;
        var withMilliseconds = format is ReconciliationTimestampFormat.Iso8601Milliseconds or ReconciliationTimestampFormat.LocalDateTimeMilliseconds;
        local.Deconstruct(out var year, out var month, out var day);
        Digits(destination, year, 4);
        destination[4] = (byte)'-';
        Digits(destination[5..], month, 2);
        destination[7] = (byte)'-';
        Digits(destination[8..], day, 2);
        destination[10] = withOffset ? (byte)'T' : (byte)' ';
        Digits(destination[11..], local.Hour, 2);
        destination[13] = (byte)':';
        Digits(destination[14..], local.Minute, 2);
        destination[16] = (byte)':';
        Digits(destination[17..], local.Second, 2);
        var length = 19;
        if (withMilliseconds)
        {
            destination[length] = (byte)'.';
            Digits(destination[(length + 1)..], local.Millisecond, 3); // truncated, as "fff" is
            length += 4;
        }

        if (withOffset)
        {
            var minutes = (int)offset.TotalMinutes;
            destination[length] = minutes < 0 ? (byte)'-' : (byte)'+';
            minutes = Math.Abs(minutes);
            Digits(destination[(length + 1)..], minutes / 60, 2);
            destination[length + 3] = (byte)':';
            Digits(destination[(length + 4)..], minutes % 60, 2);
            length += 6;
        }

        return length;
    }

    /// <summary>Reads exactly what <see cref="Write"/> writes; anything else is left to the framework's parser.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, ReconciliationTimestampFormat format, TimeSpan localOffset, out DateTimeOffset value)
    {
        value = default;
        var withOffset = format is ReconciliationTimestampFormat.Iso8601 or ReconciliationTimestampFormat.Iso8601Milliseconds;
        var withMilliseconds = format is ReconciliationTimestampFormat.Iso8601Milliseconds or ReconciliationTimestampFormat.LocalDateTimeMilliseconds;
        var length = 19 + (withMilliseconds ? 4 : 0) + (withOffset ? 6 : 0);
        if (text.Length != length || text[4] != '-' || text[7] != '-' || text[10] != (withOffset ? 'T' : ' ') || text[13] != ':' || text[16] != ':'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var position = 19;
        var millisecond = 0;
        if (withMilliseconds && (text[position] != '.' || !TryDigits(text.Slice(position + 1, 3), out millisecond)))
        {
            return false;
        }

        position += withMilliseconds ? 4 : 0;
        var offset = localOffset;
        if (withOffset)
        {
            if (text[position] is not ('+' or '-') || text[position + 3] != ':'
                || !TryDigits(text.Slice(position + 1, 2), out var offsetHours) || !TryDigits(text.Slice(position + 4, 2), out var offsetMinutes)
                || offsetHours > 14 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (text[position] == '-' ? -1 : 1);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // the instant falls outside what DateTimeOffset holds (year 1 or 9999 with an offset)
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static void Digits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
