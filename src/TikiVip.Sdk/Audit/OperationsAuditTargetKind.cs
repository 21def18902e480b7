namespace TikiVip.Sdk.Audit;

/// <summary>What an action on the operations page was done to; stored as a number, so the values never change.</summary>
public enum OperationsAuditTargetKind
{
    /// <summary>Anything else, in words (e.g. the path of a request refused before its action was known).</summary>
    Other = 0,

    /// <summary>One IPN of the outbox; <see cref="OperationsAuditTarget.Id"/> is its number.</summary>
    Ipn = 1,

    /// <summary>A day of the reconciliation; <see cref="OperationsAuditTarget.Id"/> is the day, <c>yyyy-MM-dd</c>.</summary>
    ReconciliationDay = 2,

    /// <summary>A quarantined refund; <see cref="OperationsAuditTarget.Id"/> is its quarantine id.</summary>
    QuarantinedRefund = 3,

    /// <summary>The failed IPNs a filter matched; <see cref="OperationsAuditTarget.Id"/> is the filter, in words.</summary>
    FailedIpns = 4,
}
