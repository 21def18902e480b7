namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>The counts of one comparison of a day's records with Tiki's file.</summary>
public sealed class ReconciliationMatchSummary
{
    /// <summary>Rows on the partner's side.</summary>
    public long PartnerRows { get; internal set; }

    /// <summary>Rows in Tiki's file.</summary>
    public long TikiRows { get; internal set; }

    /// <summary>Transactions both sides have with the same amount and status.</summary>
    public long Matched { get; internal set; }

    /// <summary>Transactions only the partner has.</summary>
    public long MissingAtTiki { get; internal set; }

    /// <summary>Transactions only Tiki has.</summary>
    public long MissingAtPartner { get; internal set; }

    /// <summary>Transactions whose amounts differ.</summary>
    public long AmountDiffers { get; internal set; }

    /// <summary>Transactions whose statuses differ.</summary>
    public long StatusDiffers { get; internal set; }

    /// <summary>Extra rows of an id already seen on the same side.</summary>
    public long Duplicates { get; internal set; }

    /// <summary>Transactions Tiki's results list as wrong (<see cref="ReconciliationMatchMode.Exceptions"/>).</summary>
    public long ReportedByTiki { get; internal set; }

    /// <summary>Transactions whose Tiki verdict disagrees with the SDK's comparison.</summary>
    public long VerdictDiffers { get; internal set; }

    /// <summary>Rows reported as mismatches, each counted once however many ways it differs.</summary>
    public long Mismatches { get; internal set; }

    /// <summary>Whether the two sides agree completely.</summary>
    public bool IsClean => Mismatches == 0;
}
