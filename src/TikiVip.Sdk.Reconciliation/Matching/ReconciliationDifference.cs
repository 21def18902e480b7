namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>How a transaction differs between the partner's records and Tiki's file. Amount and status can differ together.</summary>
[Flags]
public enum ReconciliationDifference
{
    /// <summary>No difference.</summary>
    None = 0,

    /// <summary>The partner has the transaction; Tiki's file does not.</summary>
    MissingAtTiki = 1,

    /// <summary>Tiki's file has the transaction; the partner's records do not.</summary>
    MissingAtPartner = 2,

    /// <summary>Both have it, with different amounts.</summary>
    AmountDiffers = 4,

    /// <summary>Both have it, with different statuses.</summary>
    StatusDiffers = 8,

    /// <summary>One side lists the same Tiki transaction id more than once (each extra row is reported).</summary>
    Duplicate = 16,

    /// <summary>Tiki's results file lists the transaction as wrong (<see cref="ReconciliationMatchMode.Exceptions"/>); see its reason.</summary>
    ReportedByTiki = 32,

    /// <summary>Tiki's verdict (its Result column) disagrees with the SDK's own comparison of the two sides.</summary>
    VerdictDiffers = 64,
}
