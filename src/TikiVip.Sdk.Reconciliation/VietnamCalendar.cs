namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Days and times of day in Vietnam, where Tiki's reconciliation days are counted: UTC+7 all year (no daylight
/// saving). The one definition the files, the daily job and the operations page use.
/// </summary>
public static class VietnamCalendar
{
    /// <summary>Vietnam's offset from UTC: seven hours.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The calendar day in Vietnam at an instant.</summary>
    /// <param name="now">The instant.</param>
    /// <returns>The day in Vietnam.</returns>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);

    /// <summary>The latest day due for delivery: yesterday once today's run time has passed, else the day before.</summary>
    internal static DateOnly LatestDueDay(DateTimeOffset now, TimeSpan runAt)
    {
        var local = now.ToOffset(Offset);
        return Today(now).AddDays(local.TimeOfDay >= runAt ? -1 : -2);
    }

    /// <summary>The next moment strictly after <paramref name="now"/> when the clock in Vietnam shows <paramref name="runAt"/>.</summary>
    internal static DateTimeOffset NextRunAt(DateTimeOffset now, TimeSpan runAt)
    {
        var local = now.ToOffset(Offset);
        var candidate = new DateTimeOffset(local.Date + runAt, Offset);
        return candidate > local ? candidate : candidate.AddDays(1);
    }
}
