using System.Buffers.Text;
using System.Runtime.CompilerServices;
using TikiVip.Sdk.Reconciliation.Files;
using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Reads a reconciliation file in an agreed <see cref="ReconciliationFileLayout"/> (RFC 4180, UTF-8, the layout's
/// delimiter, header, timestamp format and spellings): to check a file before upload, to read Tiki's results, or
/// to try a sample during the reconciliation meeting. Any line ending is read, and a UTF-8 byte order mark skipped.
/// </summary>
public static class ReconciliationFileReader
{
    /// <summary>Streams the rows of a file.</summary>
    /// <param name="stream">The file's content; left open.</param>
    /// <param name="layout">The file's layout; the standard one when <see langword="null"/>. Result and Reason columns are read too.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The rows, one per data row, streamed.</returns>
    /// <exception cref="ArgumentException">The layout is not usable (every problem is named).</exception>
    /// <exception cref="ReconciliationException">The header or a row does not follow the layout; the message names the row.</exception>
    public static IAsyncEnumerable<ReconciliationFileRow> ReadAsync(Stream stream, ReconciliationFileLayout? layout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadAsync(stream, layout is null ? LayoutPlan.Default : LayoutPlan.Create(layout, forResults: true), cancellationToken);
    }

    /// <summary>
    /// Streams the rows of several files, one after the other, as one day (a day split into several files): a file
    /// that does not follow the layout is named in the error.
    /// </summary>
    /// <param name="paths">The files, in the order to read them.</param>
    /// <param name="layout">Their layout; the standard one when <see langword="null"/>.</param>
    /// <param name="fileLabel">How the error names a file, e.g. "Tiki's result file".</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The rows of every file, streamed.</returns>
    /// <exception cref="ArgumentException">The layout is not usable (every problem is named).</exception>
    /// <exception cref="ReconciliationException">A file's header or a row does not follow the layout; the message names the file and the row.</exception>
    public static IAsyncEnumerable<ReconciliationFileRow> ReadFilesAsync(
        IEnumerable<string> paths, ReconciliationFileLayout? layout = null, string fileLabel = "file", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return ReadFilesAsync(paths, layout is null ? LayoutPlan.Default : LayoutPlan.Create(layout, forResults: true), fileLabel, cancellationToken);
    }

    /// <summary>
    /// Reads a whole sample file through a layout without stopping at the first problem: for checking an agreement
    /// before the first night (<c>tikivip reconcile inspect</c>). Besides what reading refuses, it names what reading
    /// tolerates but the layout says otherwise (a byte order mark, the line ending).
    /// </summary>
    /// <param name="stream">The sample; left open.</param>
    /// <param name="layout">The layout to check it against; the standard one when <see langword="null"/>.</param>
    /// <param name="sampleRows">How many of the first rows to return. Default: 5.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>Whether it fits, its first rows, and every problem.</returns>
    /// <exception cref="ArgumentException">The layout is not usable (every problem is named).</exception>
    public static async Task<ReconciliationFileInspection> InspectAsync(
        Stream stream, ReconciliationFileLayout? layout = null, int sampleRows = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleRows);
        var plan = layout is null ? LayoutPlan.Default : LayoutPlan.Create(layout, forResults: true);
        const int MaxProblems = 20;
        var problems = new List<string>();
        var more = 0;
        var rows = new List<ReconciliationFileRow>();
        long count = 0;
        using var csv = new CsvRecordParser(stream, plan.Delimiter);
        try
        {
            if (plan.Header && !await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                problems.Add("The file is empty: it has no header line.");
            }
            else if (plan.Header)
            {
                Try(() => CheckHeader(csv, plan));
            }

            while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                count++;
                var row = count;
                Try(() =>
                {
                    if (csv.Count != plan.Columns.Length)
                    {
                        throw new ReconciliationException($"expected {plan.Columns.Length} fields ({string.Join(", ", plan.Columns.Select(c => c.Name))}), found {csv.Count}.", row);
                    }

                    var read = ReadRow(csv, plan, row);
                    if (rows.Count < sampleRows)
                    {
                        rows.Add(read);
                    }
                });
            }
        }
        catch (ReconciliationException ex)
        {
            Add(ex.Message + " Reading stopped there.");
        }

        if (csv.HasBom != plan.Bom)
        {
            Add(csv.HasBom ? "The file starts with a byte order mark; the layout says none (Bom: false)." : "The file has no byte order mark; the layout says it starts with one (Bom: true).");
        }

        var expected = plan.LineEnd.Length == 2 ? ReconciliationLineEnding.CrLf : ReconciliationLineEnding.Lf;
        if (expected == ReconciliationLineEnding.CrLf ? csv.SawLf : csv.SawCrLf)
        {
            Add($"Some lines end with {(expected == ReconciliationLineEnding.CrLf ? "LF alone" : "CRLF")}; the layout says {expected}.");
        }

        if (more > 0)
        {
            problems.Add($"... and {more} more problem(s).");
        }

        return new ReconciliationFileInspection(rows, problems, count);

        void Try(Action read)
        {
            try
            {
                read();
            }
            catch (ReconciliationException ex)
            {
                Add(ex.Message);
            }
        }

        void Add(string problem)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add(problem);
            }
            else
            {
                more++;
            }
        }
    }

    internal static async IAsyncEnumerable<ReconciliationFileRow> ReadFilesAsync(
        IEnumerable<string> paths, LayoutPlan plan, string fileLabel, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var path in paths)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var rows = ReadAsync(stream, plan, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (rows.ConfigureAwait(false))
                {
                    while (true)
                    {
                        try
                        {
                            if (!await rows.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }
                        }
                        catch (ReconciliationException ex)
                        {
                            throw new ReconciliationException($"{fileLabel} {Path.GetFileName(path)}: {ex.Message}", null, ex);
                        }

                        yield return rows.Current;
                    }
                }
            }
        }
    }

    internal static async IAsyncEnumerable<ReconciliationFileRow> ReadAsync(Stream stream, LayoutPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var csv = new CsvRecordParser(stream, plan.Delimiter);
        var columns = plan.Columns;
        if (plan.Header)
        {
            if (!await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ReconciliationException("The file is empty: it has no header line.");
            }

            CheckHeader(csv, plan);
        }

        long row = 0;
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            if (csv.Count != columns.Length)
            {
                var hint = csv.Count == 1 && LooksDelimited(csv.Bytes(0), plan.Delimiter) is { } other
                    ? $" It looks delimited by '{other}', not '{Shown(plan.Delimiter)}': is the layout's Delimiter right?"
                    : "";
                if (csv.Count > columns.Length && plan.MoreColumnsAdvice is { } advice)
                {
                    hint += " " + advice;
                }

                throw new ReconciliationException($"expected {columns.Length} fields ({string.Join(", ", columns.Select(c => c.Name))}), found {csv.Count}.{hint}", row);
            }

            yield return ReadRow(csv, plan, row);
        }
    }

    private static ReconciliationFileRow ReadRow(CsvRecordParser csv, LayoutPlan plan, long row)
    {
        string key = "";
        string? transactionId = null, reason = null;
        long? amount = null;
        TikiVipTransactionStatus? status = null;
        DateTimeOffset? createdAt = null, updatedAt = null;
        ReconciliationVerdict? result = null;
        Dictionary<string, string>? extras = null;
        var columns = plan.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            switch (columns[i].Kind)
            {
                case ReconciliationField.TikiTransactionId:
                    key = csv.String(i);
                    if (string.IsNullOrWhiteSpace(key))
                    {
                        throw new ReconciliationException($"{columns[i].Name} (TikiTransactionId) is empty: every row needs Tiki's transaction id.", row);
                    }

                    break;
                case ReconciliationField.TransactionId:
                    transactionId = csv.String(i);
                    break;
                case ReconciliationField.Amount:
                    amount = ReadAmount(csv, i, columns[i].Name, row);
                    break;
                case ReconciliationField.Status:
                    status = ReadStatus(csv, i, plan, row);
                    break;
                case ReconciliationField.CreatedAt:
                    createdAt = ReadTimestamp(csv, i, plan, row);
                    break;
                case ReconciliationField.UpdatedAt:
                    updatedAt = ReadTimestamp(csv, i, plan, row);
                    break;
                case ReconciliationField.Result:
                    var verdict = csv.String(i);
                    result = string.Equals(verdict, plan.ResultNames[0], StringComparison.Ordinal) ? ReconciliationVerdict.Matched
                        : string.Equals(verdict, plan.ResultNames[1], StringComparison.Ordinal) ? ReconciliationVerdict.NotMatched
                        : throw new ReconciliationException($"{columns[i].Name} (Result) {ReconciliationText.Show(verdict)} is neither {plan.ResultNames[0]} nor {plan.ResultNames[1]} (the layout's ResultNames).", row);
                    break;
                case ReconciliationField.Reason:
                    reason = csv.String(i);
                    break;
                case ReconciliationField.Extra:
                    (extras ??= new Dictionary<string, string>(StringComparer.Ordinal))[columns[i].ExtraKey!] = csv.String(i);
                    break;
            }
        }

        return new ReconciliationFileRow
        {
            TikiTransactionId = key, TransactionId = transactionId, Amount = amount, Status = status, CreatedAt = createdAt, UpdatedAt = updatedAt,
            Result = result, Reason = reason, Extras = extras ?? ReconciliationRecord.EmptyExtras, RowNumber = row,
        };
    }

    private static long ReadAmount(CsvRecordParser csv, int index, string column, long row)
    {
        // As written: digits only, no sign, no leading zero.
        var digits = csv.Bytes(index);
        return digits.Length is > 0 and <= 19 && (digits.Length == 1 || digits[0] != '0') && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && Utf8Parser.TryParse(digits, out long amount, out var consumed) && consumed == digits.Length
            ? amount
            : throw new ReconciliationException($"{column} (Amount) {ReconciliationText.Show(csv.String(index))} is not a whole number of VND (digits only).", row);
    }

    private static TikiVipTransactionStatus ReadStatus(CsvRecordParser csv, int index, LayoutPlan plan, long row)
    {
        var bytes = csv.Bytes(index);
        for (var s = 0; s < plan.StatusBytes.Length; s++)
        {
            if (bytes.SequenceEqual(plan.StatusBytes[s]))
            {
                return (TikiVipTransactionStatus)(s + 1);
            }
        }

        // As strict as the writer: the agreed spelling exactly, so a file that drifted from the agreement is caught.
        var text = csv.String(index);
        throw new ReconciliationException($"{plan.Columns[index].Name} (Status) {ReconciliationText.Show(text)} is not {string.Join(", ", plan.StatusNames)} (the layout's StatusNames).", row);
    }

    private static DateTimeOffset ReadTimestamp(CsvRecordParser csv, int index, LayoutPlan plan, long row)
    {
        Span<char> chars = stackalloc char[128];
        return csv.TryChars(index, chars, out var length) && plan.Timestamps.TryParse(chars[..length], out var value)
            ? value
            : throw new ReconciliationException($"{plan.Columns[index].Name} ({plan.Columns[index].Kind}) {ReconciliationText.Show(csv.String(index))} is not a timestamp like {plan.Timestamps.Shown}.", row);
    }

    private static void CheckHeader(CsvRecordParser csv, LayoutPlan plan)
    {
        var expected = plan.Columns.Select(c => c.Name).ToArray();
        var got = Enumerable.Range(0, csv.Count).Select(csv.String).ToArray();
        if (got.Length == expected.Length && got.Zip(expected).All(p => string.Equals(p.First.Trim(), p.Second.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var delimiter = Shown(plan.Delimiter);
        var detail = got.Length != expected.Length
            ? $"{got.Length} columns instead of {expected.Length}" + (got.Length == 1 && LooksDelimited(csv.Bytes(0), plan.Delimiter) is { } other ? $"; it looks delimited by '{other}', not '{delimiter}'" : "")
            : string.Join("; ", got.Zip(expected).Select((p, i) => (p, i)).Where(x => !string.Equals(x.p.First.Trim(), x.p.Second.Trim(), StringComparison.OrdinalIgnoreCase))
                .Select(x => $"column {x.i + 1} is {ReconciliationText.Show(x.p.First)}, expected {ReconciliationText.Show(x.p.Second)}"));
        var advice = got.Length > expected.Length && plan.MoreColumnsAdvice is { } more ? more : "A file without a header needs the layout's Header set to false.";
        throw new ReconciliationException(
            $"The header does not follow the layout ({detail}): expected {string.Join(delimiter, expected)}; got {string.Join(delimiter, got.Select(g => ReconciliationText.Show(g).Trim('\'')))}. " +
            advice);
    }

    private static char? LooksDelimited(ReadOnlySpan<byte> field, char delimiter)
    {
        foreach (var candidate in new[] { ',', ';', '\t', '|' })
        {
            if (candidate != delimiter && field.Contains((byte)candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Shown(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();
}
