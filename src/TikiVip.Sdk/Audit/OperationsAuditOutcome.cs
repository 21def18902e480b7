namespace TikiVip.Sdk.Audit;

/// <summary>How an action on the operations page ended.</summary>
public enum OperationsAuditOutcome
{
    /// <summary>It was done.</summary>
    Done = 0,

    /// <summary>It was refused and nothing changed (not failed any more, held by another instance, from another site, ...).</summary>
    Refused = 1,

    /// <summary>It was tried and failed (e.g. Tiki's server could not be reached).</summary>
    Failed = 2,
}
