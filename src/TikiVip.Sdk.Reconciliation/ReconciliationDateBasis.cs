namespace TikiVip.Sdk.Reconciliation;

/// <summary>Which timestamp places a record on a day.</summary>
public enum ReconciliationDateBasis
{
    /// <summary>The day of <see cref="ReconciliationRecord.CreatedAt"/> (default).</summary>
    CreatedAt = 0,

    /// <summary>The day of <see cref="ReconciliationRecord.UpdatedAt"/>.</summary>
    UpdatedAt = 1,
}
