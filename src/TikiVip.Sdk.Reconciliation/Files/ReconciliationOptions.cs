namespace TikiVip.Sdk.Reconciliation;

/// <summary>What a day's reconciliation files are called and contain (API reference, "5. Reconciliation file").</summary>
public sealed class ReconciliationOptions
{
    /// <summary>The most data rows Tiki accepts in one file.</summary>
    public const int TikiMaxRowsPerFile = 500_000;

    /// <summary>The partner name Tiki assigned, used in file names: letters, digits and '-'.</summary>
    public required string PartnerName { get; init; }

    /// <summary>The day the data covers, in <see cref="UtcOffset"/>; it is the date in the file names.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The time zone of the day and of the written timestamps. Default: UTC+7 (Vietnam).</summary>
    public TimeSpan UtcOffset { get; init; } = VietnamCalendar.Offset;

    /// <summary>
    /// Data rows per file before a new file starts (the header row is not counted); at most (and by default)
    /// Tiki's 500,000.
    /// </summary>
    public int MaxRowsPerFile { get; init; } = TikiMaxRowsPerFile;

    /// <summary>Appended to every file name, e.g. <c>.csv</c>. Default: none, as Tiki's naming rule shows.</summary>
    public string FileExtension { get; init; } = "";

    /// <summary>Further columns agreed with Tiki, written after the six standard ones.</summary>
    public IReadOnlyList<string> ExtraColumns { get; init; } = [];

    /// <summary>Which timestamp must fall on <see cref="Date"/>. Default: <see cref="ReconciliationDateBasis.CreatedAt"/>.</summary>
    public ReconciliationDateBasis DateBasis { get; init; }

    /// <summary>How timestamps are written. Default: <see cref="ReconciliationTimestampFormat.Iso8601"/>.</summary>
    public ReconciliationTimestampFormat TimestampFormat { get; init; }

    /// <summary>The counter of the first file, for a day that already has files. Default: 1.</summary>
    public int FirstFileNumber { get; init; } = 1;

    /// <summary>The name of the <paramref name="number"/>th file: <c>tikivip_{PartnerName}_{YYYYMMDD}_{N}{FileExtension}</c>.</summary>
    /// <param name="number">The file's number within the day, from 1.</param>
    /// <returns>Tiki's name for it, e.g. <c>tikivip_ACME_20261121_1.csv</c>.</returns>
    public string FileName(int number) => $"{SetName}_{number}{FileExtension}";

    /// <summary>The name of the day's set of files: <c>tikivip_{PartnerName}_{YYYYMMDD}</c>.</summary>
    public string SetName => $"tikivip_{PartnerName}_{Date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}";
}
