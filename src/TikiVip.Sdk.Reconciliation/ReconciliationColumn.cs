namespace TikiVip.Sdk.Reconciliation;

/// <summary>One column of a <see cref="ReconciliationFileLayout"/>: its header text and the field it holds.</summary>
public sealed class ReconciliationColumn
{
    /// <summary>The header text, as agreed (Vietnamese included), e.g. <c>Mã giao dịch Tiki</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// The field (<see cref="ReconciliationField.Result"/> and <see cref="ReconciliationField.Reason"/> only in Tiki's
    /// results); <see cref="ReconciliationField.Extra"/> with <see cref="ExtraKey"/> for any other value agreed with Tiki.
    /// </summary>
    public ReconciliationField Field { get; set; }

    /// <summary>
    /// For an <see cref="ReconciliationField.Extra"/> column only: the key of its value in
    /// <see cref="ReconciliationRecord.Extras"/> (<c>"Field": "Extra", "ExtraKey": "channel"</c> is <c>Extras["channel"]</c>).
    /// </summary>
    public string? ExtraKey { get; set; }

    /// <summary>The <c>Field</c> text configuration gave that names no field, kept for the layout's check to name.</summary>
    internal string? UnknownField { get; set; }
}
