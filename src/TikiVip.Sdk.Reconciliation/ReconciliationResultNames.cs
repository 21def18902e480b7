namespace TikiVip.Sdk.Reconciliation;

/// <summary>How Tiki's results file spells its verdict on a row (the <see cref="ReconciliationField.Result"/> column).</summary>
public sealed class ReconciliationResultNames
{
    /// <summary>Tiki found the row right. Default: <c>MATCHED</c>.</summary>
    public string Matched { get; set; } = "MATCHED";

    /// <summary>Tiki found the row wrong. Default: <c>NOT_MATCHED</c>.</summary>
    public string NotMatched { get; set; } = "NOT_MATCHED";
}
