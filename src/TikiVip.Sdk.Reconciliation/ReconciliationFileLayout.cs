using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// The shape of a reconciliation file as the partner and Tiki agreed it in their reconciliation meeting: its
/// columns, header, delimiter, encoding details, how timestamps and statuses are spelled, the file names and how
/// many lines a file may hold. The default is the six standard columns, comma, header, CRLF, no BOM, ISO 8601 in
/// Vietnam time. Bound from <c>TikiVip:Reconciliation:Layout</c> (or <c>TikiVip:Reconciliation:Results:Layout</c>
/// for Tiki's results), and read by the CLI's <c>--layout FILE</c> from JSON of the same shape.
/// </summary>
/// <example><code>
/// { "Columns": [ { "Name": "Mã giao dịch Tiki", "Field": "TikiTransactionId" }, { "Name": "Số tiền", "Field": "Amount" },
///                { "Name": "Kênh", "Field": "Extra", "ExtraKey": "channel" } ],
///   "Delimiter": ";", "Bom": true, "TimestampFormat": "dd/MM/yyyy HH:mm:ss",
///   "StatusNames": { "Success": "THANH_CONG", "Failure": "THAT_BAI", "Pending": "DANG_XU_LY" } }
/// </code></example>
public sealed class ReconciliationFileLayout
{
    /// <summary>Tiki's limit: "at most 500,000 lines in a file", read strictly, so the header counts as one.</summary>
    public const int TikiMaxLinesPerFile = 500_000;

    /// <summary>The default file name: <c>tikivip_{partner}_{date:yyyyMMdd}_{n}</c>, Tiki's naming rule.</summary>
    public const string DefaultFileName = "tikivip_{partner}_{date:yyyyMMdd}_{n}";

    /// <summary>
    /// The columns, in file order. Empty (the default) means the six standard ones: <c>tiki_transaction_id</c>,
    /// <c>transaction_id</c>, <c>transaction_amount</c>, <c>status</c>, <c>created_at</c>, <c>updated_at</c>.
    /// Any subset that includes <see cref="ReconciliationField.TikiTransactionId"/>, in any order, with any header text.
    /// </summary>
    public IList<ReconciliationColumn> Columns { get; set; } = new List<ReconciliationColumn>();

    /// <summary>Whether the first line names the columns. Default: <see langword="true"/>.</summary>
    public bool Header { get; set; } = true;

    /// <summary>The field separator: <c>,</c> (default), <c>;</c>, <c>|</c>, or a tab (<c>\t</c> or the word <c>tab</c>).</summary>
    public string Delimiter { get; set; } = ",";

    /// <summary>Whether the file starts with a UTF-8 byte order mark (some spreadsheet tools want one). Default: no.</summary>
    public bool Bom { get; set; }

    /// <summary>How lines end. Default: <see cref="ReconciliationLineEnding.CrLf"/>, as RFC 4180 says; any ending is read.</summary>
    public ReconciliationLineEnding LineEnding { get; set; } = ReconciliationLineEnding.CrLf;

    /// <summary>
    /// How timestamps are written and read: <c>Iso8601</c> (default, <c>2026-11-21T12:00:00+07:00</c>),
    /// <c>Iso8601Milliseconds</c>, <c>LocalDateTime</c> (<c>2026-11-21 12:00:00</c>), <c>LocalDateTimeMilliseconds</c>,
    /// or a custom .NET format string such as <c>dd/MM/yyyy HH:mm:ss</c>. A format without an offset is in
    /// <see cref="UtcOffset"/>.
    /// </summary>
    public string TimestampFormat { get; set; } = "Iso8601";

    /// <summary>The time zone of the file's day and of its timestamps. Default: UTC+7 (Vietnam).</summary>
    public TimeSpan UtcOffset { get; set; } = VietnamCalendar.Offset;

    /// <summary>How SUCCESS, FAILURE and PENDING are spelled in the file.</summary>
    public ReconciliationStatusNames StatusNames { get; set; } = new();

    /// <summary>How Tiki's verdict (<see cref="ReconciliationField.Result"/>) is spelled in a results file.</summary>
    public ReconciliationResultNames ResultNames { get; set; } = new();

    /// <summary>
    /// The name of the <c>n</c>th file of a day, without extension: <c>{partner}</c>, <c>{date:FORMAT}</c> and
    /// <c>{n}</c> are replaced. Default: <see cref="DefaultFileName"/>.
    /// </summary>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>Appended to every file name, e.g. <c>.csv</c>. Default: none, as Tiki's naming rule shows.</summary>
    public string FileExtension { get; set; } = "";

    /// <summary>
    /// Lines per file, the header included, before a new file starts: at most (and by default) Tiki's 500,000, so
    /// 499,999 data rows under a header.
    /// </summary>
    public int MaxLinesPerFile { get; set; } = TikiMaxLinesPerFile;

    /// <summary>The values configuration gave that could not be bound, each named; reported by <see cref="Validate"/>.</summary>
    internal List<string> SettingProblems { get; } = [];

    /// <summary>Data rows a file holds at most: <see cref="MaxLinesPerFile"/> less the header line.</summary>
    public int MaxRowsPerFile => MaxLinesPerFile - (Header ? 1 : 0);

    /// <summary>Every problem of this layout for the partner's own file, each named; empty when it is usable.</summary>
    /// <returns>The problems, e.g. "Columns[2].Field 'Amout' is not a field: ...".</returns>
    public IReadOnlyList<string> Validate() => LayoutPlan.Problems(this, forResults: false);

    /// <summary>Every problem of this layout for Tiki's results file (which may also carry Result and Reason); empty when usable.</summary>
    /// <returns>The problems, each named.</returns>
    public IReadOnlyList<string> ValidateForResults() => LayoutPlan.Problems(this, forResults: true);

    /// <summary>The standard columns, as the default layout has them.</summary>
    /// <returns>Six new columns, in the standard order.</returns>
    public static IReadOnlyList<ReconciliationColumn> StandardColumns() =>
    [
        new() { Name = "tiki_transaction_id", Field = ReconciliationField.TikiTransactionId },
        new() { Name = "transaction_id", Field = ReconciliationField.TransactionId },
        new() { Name = "transaction_amount", Field = ReconciliationField.Amount },
        new() { Name = "status", Field = ReconciliationField.Status },
        new() { Name = "created_at", Field = ReconciliationField.CreatedAt },
        new() { Name = "updated_at", Field = ReconciliationField.UpdatedAt },
    ];
}
