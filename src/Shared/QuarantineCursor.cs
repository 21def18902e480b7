using System.Globalization;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Shared;

/// <summary>
/// The quarantine's page cursor, one definition for every store (linked as source into the PostgreSQL package):
/// when an entry was last received, then its id, the order the pages are read in.
/// </summary>
internal static class QuarantineCursor
{
    public static string Of(QuarantinedRefund entry) => $"{entry.LastReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{entry.Id}";

    /// <summary>Reads a cursor back; <see langword="false"/> for one no store wrote.</summary>
    public static bool TryParse(string? cursor, out DateTimeOffset lastReceivedAt, out string id)
    {
        lastReceivedAt = default;
        id = "";
        var colon = cursor?.IndexOf(':') ?? -1;
        if (colon is <= 0 or > 18 || colon == cursor!.Length - 1)
        {
            return false;
        }

        long ticks = 0;
        for (var i = 0; i < colon; i++)
        {
            if (cursor[i] is < '0' or > '9')
            {
                return false;
            }

            ticks = (ticks * 10) + (cursor[i] - '0'); // at most 18 digits: no overflow
        }

        if (ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        lastReceivedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = cursor.Substring(colon + 1);
        return true;
    }

    /// <summary>Whether <paramref name="entry"/> comes after the cursor in page order (most recently received first, then id).</summary>
    public static bool IsAfter(QuarantinedRefund entry, DateTimeOffset lastReceivedAt, string id) =>
        entry.LastReceivedAt < lastReceivedAt || (entry.LastReceivedAt == lastReceivedAt && string.CompareOrdinal(entry.Id, id) > 0);
}
