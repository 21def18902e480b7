namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>Days and times of day in Vietnam (UTC+7 all year: no daylight saving).</summary>
internal static class VietnamCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);

    /// <summary>The latest day due for delivery: yesterday once today's run time has passed, else the day before.</summary>
    public static DateOnly LatestDueDay(DateTimeOffset now, TimeSpan runAt)
    {
        var local = now.ToOffset(Offset);
        return Today(now).AddDays(local.TimeOfDay >= runAt ? -1 : -2);
    }

    /// <summary>The next moment strictly after <paramref name="now"/> when the clock in Vietnam shows <paramref name="runAt"/>.</summary>
    public static DateTimeOffset NextRunAt(DateTimeOffset now, TimeSpan runAt)
    {
        var local = now.ToOffset(Offset);
        var candidate = new DateTimeOffset(local.Date + runAt, Offset);
        return candidate > local ? candidate : candidate.AddDays(1);
    }
}
