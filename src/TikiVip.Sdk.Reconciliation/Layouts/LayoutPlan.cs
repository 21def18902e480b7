using System.Text;
using TikiVip.Sdk.Reconciliation.Files;

namespace TikiVip.Sdk.Reconciliation.Layouts;

/// <summary>One column of a checked layout.</summary>
internal readonly record struct ColumnPlan(ReconciliationField Kind, string Name, string? ExtraKey);

/// <summary>
/// A <see cref="ReconciliationFileLayout"/> checked once and turned into what writing and reading need (bytes,
/// a timestamp codec, a file name pattern), so no row pays for a setting's text.
/// </summary>
internal sealed class LayoutPlan
{
    private LayoutPlan(ReconciliationFileLayout layout, ColumnPlan[] columns, char delimiter, TimestampCodec timestamps, FileNamePattern fileName)
    {
        // A snapshot: the layout is a settable options object, and a file must not change shape half way.
        Header = layout.Header;
        Bom = layout.Bom;
        UtcOffset = layout.UtcOffset;
        FileExtension = layout.FileExtension ?? "";
        MaxRowsPerFile = layout.MaxRowsPerFile;
        Columns = columns;
        Delimiter = delimiter;
        Timestamps = timestamps;
        FileName = fileName;
        LineEnd = layout.LineEnding == ReconciliationLineEnding.Lf ? "\n"u8.ToArray() : "\r\n"u8.ToArray();
        var names = layout.StatusNames;
        StatusNames = [names.Success, names.Failure, names.Pending];
        StatusBytes = [.. StatusNames.Select(Encoding.UTF8.GetBytes)];
        ResultNames = [layout.ResultNames.Matched, layout.ResultNames.NotMatched];
        ExtraKeys = [.. columns.Where(c => c.Kind == ReconciliationField.Extra).Select(c => c.ExtraKey!)];
    }

    public static LayoutPlan Default { get; } = Create(new ReconciliationFileLayout(), forResults: false);

    public bool Header { get; }

    public bool Bom { get; }

    public TimeSpan UtcOffset { get; }

    public string FileExtension { get; }

    public int MaxRowsPerFile { get; }

    /// <summary>The characters that make a written field quoted: the delimiter, a quote, a line break.</summary>
    public System.Buffers.SearchValues<char> NeedsQuoting => _needsQuoting ??= System.Buffers.SearchValues.Create([Delimiter, '"', '\r', '\n']);

    private System.Buffers.SearchValues<char>? _needsQuoting;

    public ColumnPlan[] Columns { get; }

    public char Delimiter { get; }

    public byte[] LineEnd { get; }

    public TimestampCodec Timestamps { get; }

    public FileNamePattern FileName { get; }

    /// <summary>SUCCESS, FAILURE, PENDING as the file spells them (index: status - 1).</summary>
    public string[] StatusNames { get; }

    public byte[][] StatusBytes { get; }

    /// <summary>Matched, not matched, as the file spells them.</summary>
    public string[] ResultNames { get; }

    public string[] ExtraKeys { get; }

    /// <summary>What a file with more columns than this layout is told to do, when the plan reads Tiki's results.</summary>
    public string? MoreColumnsAdvice { get; private set; }

    /// <summary>
    /// This plan for reading Tiki's results: a file with more columns than the layout (Tiki's whole day with a
    /// result column, in the partner's layout) is told which setting describes Tiki's file.
    /// </summary>
    public LayoutPlan ForTikiResults()
    {
        var plan = (LayoutPlan)MemberwiseClone();
        plan.MoreColumnsAdvice =
            "Tiki's results are read in the layout TikiVip:Reconciliation:Results:Layout (the CLI's --results-layout), the partner's own layout unless one is configured: " +
            "configure it with Tiki's columns as its header names them (a Result column for Tiki's verdict, Reason for its explanation, Extra with an ExtraKey for any other).";
        return plan;
    }

    /// <summary>The checked plan of a layout.</summary>
    /// <exception cref="ArgumentException">The layout has problems; the message names every one.</exception>
    public static LayoutPlan Create(ReconciliationFileLayout? layout, bool forResults)
    {
        layout ??= new ReconciliationFileLayout();
        var problems = new List<string>();
        var plan = TryCreate(layout, forResults, problems);
        return plan ?? throw new ArgumentException(Describe(problems, forResults), nameof(layout));
    }

    public static IReadOnlyList<string> Problems(ReconciliationFileLayout layout, bool forResults)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var problems = new List<string>();
        TryCreate(layout, forResults, problems);
        return problems;
    }

    public static string Describe(IReadOnlyList<string> problems, bool forResults) =>
        $"The {(forResults ? "results " : "")}layout is not usable: {string.Join(" ", problems.Select((p, i) => $"({i + 1}) {p}"))}";

    private static LayoutPlan? TryCreate(ReconciliationFileLayout layout, bool forResults, List<string> problems)
    {
        problems.AddRange(layout.SettingProblems);
        var delimiter = ParseDelimiter(layout.Delimiter, problems);
        var given = layout.Columns ?? [];
        var columns = given.Count == 0 ? ReconciliationFileLayout.StandardColumns() : [.. given];
        var plans = new List<ColumnPlan>();
        var problemsBeforeColumns = problems.Count;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var where = $"Columns[{i}]";
            if (column is null)
            {
                problems.Add($"{where} is empty.");
                continue;
            }

            var field = column.Field;
            var key = column.ExtraKey?.Trim();
            if (column.UnknownField is { } unknown)
            {
                problems.Add($"{where}.Field {ReconciliationText.Show(unknown)} is not a field: use {string.Join(", ", Fields(forResults))} or Extra with an ExtraKey.");
                continue;
            }

            if (field == ReconciliationField.Extra)
            {
                if (string.IsNullOrEmpty(key))
                {
                    problems.Add($"{where}.Field is Extra but names no key: set {where}.ExtraKey, e.g. \"Field\": \"Extra\", \"ExtraKey\": \"channel\".");
                    continue;
                }
            }
            else if (field is < ReconciliationField.TikiTransactionId or > ReconciliationField.Extra)
            {
                problems.Add($"{where}.Field {(field == ReconciliationField.None ? "is not set" : $"{(int)field} is not a field")}: use {string.Join(", ", Fields(forResults))} or Extra with an ExtraKey.");
                continue;
            }
            else if (!forResults && field is ReconciliationField.Result or ReconciliationField.Reason)
            {
                problems.Add($"{where}.Field '{field}' is Tiki's own field: only Tiki's results file carries it, not the partner's.");
                continue;
            }
            else if (!string.IsNullOrEmpty(key))
            {
                problems.Add($"{where}.ExtraKey '{key}' is for an Extra column; this one holds {field}.");
                continue;
            }

            var plan = new ColumnPlan(field, column.Name ?? "", field == ReconciliationField.Extra ? key : null);
            if (layout.Header && string.IsNullOrWhiteSpace(plan.Name))
            {
                problems.Add($"{where}.Name is empty, but the file has a header line that names every column.");
            }
            else if (plan.Name.AsSpan().IndexOfAny('\r', '\n') >= 0 || WireTextProblem(plan.Name))
            {
                problems.Add($"{where}.Name {ReconciliationText.Show(plan.Name)} contains a line break or invalid text.");
            }

            if (plans.Exists(p => p.Kind == plan.Kind && (plan.Kind != ReconciliationField.Extra || string.Equals(p.ExtraKey, plan.ExtraKey, StringComparison.Ordinal))))
            {
                problems.Add($"{where}.Field '{Describe(plan)}' appears twice: each field has one column.");
            }

            if (layout.Header && plan.Name.Length > 0 && plans.Exists(p => string.Equals(p.Name.Trim(), plan.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{where}.Name '{plan.Name}' is used by another column: a reader could not tell them apart.");
            }

            plans.Add(plan);
        }

        // A column already refused may be the key: asking for it again would send the reader to the wrong fix.
        if (!plans.Exists(p => p.Kind == ReconciliationField.TikiTransactionId) && problems.Count == problemsBeforeColumns)
        {
            problems.Add("Columns has no TikiTransactionId: it is the key both sides are matched on, so every layout has it.");
        }

        CheckNames("StatusNames", [("Success", layout.StatusNames?.Success), ("Failure", layout.StatusNames?.Failure), ("Pending", layout.StatusNames?.Pending)], delimiter, problems);
        if (forResults && plans.Exists(p => p.Kind == ReconciliationField.Result))
        {
            CheckNames("ResultNames", [("Matched", layout.ResultNames?.Matched), ("NotMatched", layout.ResultNames?.NotMatched)], delimiter, problems);
        }

        if (layout.UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || layout.UtcOffset.Duration() > TimeSpan.FromHours(14))
        {
            problems.Add($"UtcOffset must be whole minutes within ±14 hours; got {layout.UtcOffset}.");
        }

        var timestamps = TimestampCodec.Create(layout.TimestampFormat, layout.UtcOffset.Duration() > TimeSpan.FromHours(14) ? TimeSpan.Zero : layout.UtcOffset, out var timestampProblem);
        if (timestampProblem is not null)
        {
            problems.Add(timestampProblem);
        }

        if (!Enum.IsDefined(layout.LineEnding))
        {
            problems.Add($"LineEnding {(int)layout.LineEnding} is not CrLf or Lf.");
        }

        var minimum = layout.Header ? 2 : 1;
        if (layout.MaxLinesPerFile < minimum || layout.MaxLinesPerFile > ReconciliationFileLayout.TikiMaxLinesPerFile)
        {
            problems.Add($"MaxLinesPerFile must be between {minimum} and Tiki's {ReconciliationFileLayout.TikiMaxLinesPerFile:N0} (the header counts as a line); got {layout.MaxLinesPerFile}.");
        }

        var fileName = FileNamePattern.Parse(layout.FileName, wildcards: false, "FileName", problems);
        var extension = layout.FileExtension ?? "";
        if (extension.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '\0']) >= 0 || extension.Any(char.IsControl))
        {
            problems.Add($"FileExtension '{extension}' contains characters not allowed in a file name.");
        }

        return problems.Count == 0 ? new LayoutPlan(layout, [.. plans], delimiter, timestamps!, fileName!) : null;
    }

    private static char ParseDelimiter(string? text, List<string> problems)
    {
        switch (text)
        {
            case ",":
            case ";":
            case "|":
            case "\t":
                return text[0];
            case not null when text.Equals("tab", StringComparison.OrdinalIgnoreCase) || text == "\\t":
                return '\t';
            default:
                problems.Add($"Delimiter {ReconciliationText.Show(text)} is not one of ',' ';' '|' or a tab ('\\t' or 'tab').");
                return ',';
        }
    }

    private static void CheckNames(string setting, (string Key, string? Value)[] names, char delimiter, List<string> problems)
    {
        foreach (var (key, value) in names)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{setting}:{key} is empty.");
            }
            else if (value.Contains(delimiter, StringComparison.Ordinal) || value.AsSpan().IndexOfAny('"', '\r', '\n') >= 0 || value != value.Trim() || WireTextProblem(value))
            {
                problems.Add($"{setting}:{key} {ReconciliationText.Show(value)} holds the delimiter, a quote, a line break or surrounding spaces, so a reader could not take it as written.");
            }
        }

        var spelled = names.Where(n => !string.IsNullOrWhiteSpace(n.Value)).ToList();
        if (spelled.Select(n => n.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count() != spelled.Count)
        {
            problems.Add($"{setting} spells two values the same way ({string.Join(", ", spelled.Select(n => $"{n.Key}={n.Value}"))}).");
        }
    }

    private static bool WireTextProblem(string value) => TikiVip.Sdk.Shared.WireText.FindLoneSurrogate(value) >= 0;

    /// <summary>The fields a column of this layout may name, in the words of configuration.</summary>
    private static IEnumerable<ReconciliationField> Fields(bool forResults) =>
        Enum.GetValues<ReconciliationField>().Where(f => f is not (ReconciliationField.None or ReconciliationField.Extra) && (forResults || f is not (ReconciliationField.Result or ReconciliationField.Reason)));

    /// <summary>A column's field as configuration says it (an extra column with its key).</summary>
    internal static string Describe(ColumnPlan column) => column.Kind == ReconciliationField.Extra ? $"Extra '{column.ExtraKey}'" : column.Kind.ToString();
}
