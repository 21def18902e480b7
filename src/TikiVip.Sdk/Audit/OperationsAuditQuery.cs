namespace TikiVip.Sdk.Audit;

/// <summary>Which recorded actions to read, newest first, a page at a time.</summary>
public sealed class OperationsAuditQuery
{
    /// <summary>Only actions by this user or on this target (exact, any case), e.g. "IPN 42"; <see langword="null"/> for all.</summary>
    public string? Search { get; init; }

    /// <summary>Only entries older than this one (<see cref="OperationsAuditEntry.Id"/>): the next page.</summary>
    public long? Before { get; init; }

    /// <summary>At most this many (1 to 10,000). Default: 100.</summary>
    public int Limit { get; init; } = 100;
}
