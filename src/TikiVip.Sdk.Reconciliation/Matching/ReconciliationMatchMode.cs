namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>What Tiki's results file means, as agreed with Tiki.</summary>
public enum ReconciliationMatchMode
{
    /// <summary>
    /// The file lists only the transactions Tiki found wrong (the programme's described flow): a transaction absent
    /// from it is matched; each listed one is reported with both sides' values and Tiki's reason. The default.
    /// </summary>
    Exceptions = 0,

    /// <summary>
    /// The file is Tiki's copy of the whole day: every transaction is compared on both sides; a Result column, when
    /// present, is reported alongside, and a disagreement between Tiki's verdict and the comparison is a mismatch of its own.
    /// </summary>
    FullDay = 1,
}
