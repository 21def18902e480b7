namespace TikiVip.Sdk.Reconciliation;

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

    private static void Digits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
