namespace TikiVip.Sdk.Operations;

/// <summary>One hour of calls to Tiki from this instance, every operation together.</summary>
internal sealed record HourStatistics(DateTimeOffset Start, long Calls, long Failures, double? P95Milliseconds)
{
    public double? ErrorRate => Calls == 0 ? null : (double)Failures / Calls;
}
