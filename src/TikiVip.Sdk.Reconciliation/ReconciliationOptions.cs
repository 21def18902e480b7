using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>Which day's reconciliation files are written, for whom, and in which agreed layout.</summary>
public sealed class ReconciliationOptions
{
    /// <summary>The partner name Tiki assigned, used in file names: letters, digits and '-'.</summary>
    public required string PartnerName { get; init; }

    /// <summary>The day the data covers, in the layout's <see cref="ReconciliationFileLayout.UtcOffset"/>; it is the date in the file names.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The file layout agreed with Tiki: columns, delimiter, timestamps, names, lines per file. Default: the standard one.</summary>
    public ReconciliationFileLayout Layout { get; init; } = new();

    /// <summary>Which timestamp must fall on <see cref="Date"/>. Default: <see cref="ReconciliationDateBasis.CreatedAt"/>.</summary>
    public ReconciliationDateBasis DateBasis { get; init; }

    /// <summary>The counter of the first file, for a day that already has files. Default: 1.</summary>
    public int FirstFileNumber { get; init; } = 1;

    /// <summary>The name of the <paramref name="number"/>th file, by the layout's <see cref="ReconciliationFileLayout.FileName"/> and extension.</summary>
    /// <param name="number">The file's number within the day, from 1.</param>
    /// <returns>The file's name, e.g. <c>tikivip_ACME_20261121_1.csv</c>.</returns>
    /// <exception cref="ArgumentException">The layout is not usable.</exception>
    public string FileName(int number) => LayoutPlan.Create(Layout, forResults: false).FileName.Format(PartnerName, Date, number) + Layout.FileExtension;

    /// <summary>The name of the day's set of files (its lock and report are named after it): the file name without its number.</summary>
    /// <exception cref="ArgumentException">The layout is not usable.</exception>
    public string SetName => LayoutPlan.Create(Layout, forResults: false).FileName.SetName(PartnerName, Date);

    /// <summary>Every problem of these settings, each named (the layout's with their number); empty when a writer can use them.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(PartnerName) || PartnerName.Length > 64 || !PartnerName.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            problems.Add($"PartnerName '{PartnerName}' must be 1 to 64 ASCII letters, digits or '-', as it is part of the file name.");
        }

        if (FirstFileNumber < 1)
        {
            problems.Add($"FirstFileNumber must be at least 1; got {FirstFileNumber}.");
        }

        var layout = Layout is null ? ["Layout is missing."] : LayoutPlan.Problems(Layout, forResults: false);
        if (layout.Count > 0)
        {
            problems.Add(LayoutPlan.Describe(layout, forResults: false));
        }

        return problems;
    }
}
