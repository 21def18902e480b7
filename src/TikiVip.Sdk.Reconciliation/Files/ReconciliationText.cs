using System.Globalization;
using System.Text;

namespace TikiVip.Sdk.Reconciliation.Files;

/// <summary>Values as they may appear in an error message, and the UTF-16 check every written value passes.</summary>
internal static class ReconciliationText
{
    private const int MaxShown = 64;

    public static readonly IReadOnlyDictionary<ReconciliationTimestampFormat, string> Patterns = new Dictionary<ReconciliationTimestampFormat, string>
    {
        [ReconciliationTimestampFormat.Iso8601] = "yyyy-MM-dd'T'HH:mm:sszzz",
        [ReconciliationTimestampFormat.Iso8601Milliseconds] = "yyyy-MM-dd'T'HH:mm:ss.fffzzz",
        [ReconciliationTimestampFormat.LocalDateTime] = "yyyy-MM-dd HH:mm:ss",
        [ReconciliationTimestampFormat.LocalDateTimeMilliseconds] = "yyyy-MM-dd HH:mm:ss.fff",
    };

    /// <summary>A value for a message: quoted, control characters escaped, at most 64 characters shown.</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var text = new StringBuilder("'");
        foreach (var c in value.Length > MaxShown ? value[..MaxShown] : value)
        {
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        text.Append('\'');
        if (value.Length > MaxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)");
        }

        return text.ToString();
    }
}
