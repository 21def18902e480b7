using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// Tiki's results as agreed with Tiki: the layout of its file, what the file means, and how its files are named.
/// Bound from <c>TikiVip:Reconciliation:Results</c>; the CLI's <c>--results-layout FILE</c> reads JSON of the same shape.
/// </summary>
public sealed class ReconciliationResultsOptions
{
    /// <summary>The default name pattern: the day after <c>_{partner}_</c>, then an optional part number, anything around.</summary>
    public const string DefaultFileName = "*_{partner}_{date:yyyyMMdd}_{n}*";

    /// <summary>
    /// The columns and spelling of Tiki's file; besides the partner's fields it may hold <c>Result</c> (Tiki's
    /// verdict, spelled as <see cref="ReconciliationFileLayout.ResultNames"/>) and <c>Reason</c>. Default: the standard layout.
    /// </summary>
    public ReconciliationFileLayout Layout { get; set; } = new();

    /// <summary>What the file means. Default: <see cref="ReconciliationMatchMode.Exceptions"/>, only the wrong transactions.</summary>
    public ReconciliationMatchMode Mode { get; set; }

    /// <summary>
    /// Which files in Tiki's outbound folder are results, of which day and which part: <c>*</c> is any text,
    /// <c>{partner}</c> the partner name, <c>{date:FORMAT}</c> the day, <c>{n}</c> the part number of an answer split
    /// into several files (optional in a name: without it, the file is a whole answer). Matched without regard to case.
    /// Default: <see cref="DefaultFileName"/>, so <c>tikivip_ACME_20261121_1_result.csv</c> is part 1 of 2026-11-21's answer.
    /// </summary>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>The values configuration gave that could not be bound, each named; reported by <see cref="Validate"/>.</summary>
    internal List<string> SettingProblems { get; } = [];

    /// <summary>Every problem of these settings, each named; empty when they are usable.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(SettingProblems);
        problems.AddRange(Layout is null ? ["Layout is missing."] : Layout.ValidateForResults().Select(p => "Layout: " + p));
        if (!Enum.IsDefined(Mode))
        {
            problems.Add($"Mode {(int)Mode} is not Exceptions or FullDay.");
        }

        FileNamePattern.Parse(FileName, wildcards: true, "FileName", problems);
        return problems;
    }
}
