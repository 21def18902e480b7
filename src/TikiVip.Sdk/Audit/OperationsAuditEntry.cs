namespace TikiVip.Sdk.Audit;

/// <summary>One action taken on the operations page.</summary>
public sealed record OperationsAuditEntry
{
    /// <summary>The store's number for the entry, increasing (0 until recorded): where a page starts.</summary>
    public long Id { get; init; }

    /// <summary>When it was done.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Who did it: the signed-in user's name.</summary>
    public required string Actor { get; init; }

    /// <summary>What was done, in a few words (e.g. "Retry IPN", "Resolve quarantined refund").</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to (e.g. IPN 42, a reconciliation day), typed: its words are <see cref="OperationsAuditTarget.ToString"/>.</summary>
    public required OperationsAuditTarget Target { get; init; }

    /// <summary>How it ended.</summary>
    public OperationsAuditOutcome Outcome { get; init; }

    /// <summary>More about it for a person: the resolution's text, how many were requeued, why it was refused.</summary>
    public string? Detail { get; init; }
}
