namespace TikiVip.Sdk.Reconciliation;

/// <summary>Tiki's verdict on one row of its results file.</summary>
public enum ReconciliationVerdict
{
    /// <summary>Tiki found the row right.</summary>
    Matched = 1,

    /// <summary>Tiki found the row wrong.</summary>
    NotMatched = 2,
}
