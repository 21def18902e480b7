namespace TikiVip.Sdk.Operations;

/// <summary>One operation over the last hour: calls answered by Tiki or failed, and how fast.</summary>
internal sealed record OperationStatistics(
    string Operation,
    long Calls,
    long Failures,
    long Cancelled,
    double? AverageMilliseconds,
    double? P50Milliseconds,
    double? P95Milliseconds,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastErrorType)
{
    public double? ErrorRate => Calls == 0 ? null : (double)Failures / Calls;
}
