using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// The mismatch report's format, in one place: the matcher writes it and anything that shows a report (the
/// operations page, a partner's tool) reads it back here. UTF-8, RFC 4180, CRLF, one row per mismatch.
/// </summary>
public static class ReconciliationReport
{
    /// <summary>The header line.</summary>
    public const string Header = LegacyHeader + ",tiki_result,tiki_reason";

    /// <summary>The columns' names, in <see cref="Header"/>'s order (e.g. a table's headings for <see cref="Values"/>).</summary>
    public static IReadOnlyList<string> Columns { get; } = Header.Split(',');

    /// <summary>The header of reports written before Tiki's verdict and reason were kept; still read.</summary>
    private const string LegacyHeader = "tiki_transaction_id,difference,partner_transaction_id,tiki_partner_transaction_id,partner_amount,tiki_amount,partner_status,tiki_status";

    private const int Fields = 10;

    /// <summary>Reads a report back, row by row.</summary>
    /// <param name="report">The report, from its start; left open.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The mismatches, in the report's order.</returns>
    /// <exception cref="ReconciliationException">The stream is not a report in this format (its line is named).</exception>
    public static async IAsyncEnumerable<ReconciliationMismatch> ReadAsync(Stream report, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var reader = new StreamReader(report, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 64 * 1024, leaveOpen: true);
        var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (header is not (Header or LegacyHeader))
        {
            throw new ReconciliationException("This is not a mismatch report: its first line is not the report's header.");
        }

        var fields = header == Header ? Fields : Fields - 2;
        var number = 1;
        var record = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            // Tiki's reason, kept verbatim, may hold a line break: a quoted field continues on the next line.
            record.Append(line);
            if (record.ToString().Count(c => c == '"') % 2 == 1)
            {
                record.Append("\r\n");
                continue;
            }

            yield return Parse(record.ToString(), number, fields);
            record.Clear();
        }

        if (record.Length > 0)
        {
            throw new ReconciliationException($"Line {number} of the mismatch report ends inside a quoted field.");
        }
    }

    /// <summary>A mismatch's values in the report's column order (see <see cref="Header"/>), as the report writes them.</summary>
    /// <param name="mismatch">The mismatch.</param>
    /// <returns>Ten values; an absent one is empty.</returns>
    public static IReadOnlyList<string> Values(ReconciliationMismatch mismatch)
    {
        ArgumentNullException.ThrowIfNull(mismatch);
        return
        [
            mismatch.TikiTransactionId,
            mismatch.Difference.ToString().Replace(", ", "|", StringComparison.Ordinal),
            mismatch.PartnerTransactionId ?? "",
            mismatch.TikiTransactionIdAtTiki ?? "",
            mismatch.PartnerAmount?.ToString(CultureInfo.InvariantCulture) ?? "",
            mismatch.TikiAmount?.ToString(CultureInfo.InvariantCulture) ?? "",
            mismatch.PartnerStatus is { } p ? TikiVipTransactionStatusNames.ToWireName(p) : "",
            mismatch.TikiStatus is { } t ? TikiVipTransactionStatusNames.ToWireName(t) : "",
            mismatch.TikiResult switch { ReconciliationVerdict.Matched => "MATCHED", ReconciliationVerdict.NotMatched => "NOT_MATCHED", _ => "" },
            mismatch.TikiReason ?? "",
        ];
    }

    internal static string Format(ReconciliationMismatch mismatch) => string.Join(',', Values(mismatch).Select(Quote));

    private static ReconciliationMismatch Parse(string line, int number, int expected)
    {
        var fields = Split(line);
        ReconciliationVerdict? result = null;
        if (fields.Count != expected
            || (expected == Fields && !TryVerdict(fields[8], out result))
            || !Enum.TryParse<ReconciliationDifference>(fields[1].Replace("|", ", ", StringComparison.Ordinal), out var difference)
            || !TryAmount(fields[4], out var partnerAmount) || !TryAmount(fields[5], out var tikiAmount)
            || !TryStatus(fields[6], out var partnerStatus) || !TryStatus(fields[7], out var tikiStatus))
        {
            throw new ReconciliationException($"Line {number} of the mismatch report is not in the report's format.");
        }

        return new ReconciliationMismatch(
            fields[0], difference, Empty(fields[2]), Empty(fields[3]), partnerAmount, tikiAmount, partnerStatus, tikiStatus, result, expected == Fields ? Empty(fields[9]) : null);
    }

    private static bool TryVerdict(string text, out ReconciliationVerdict? verdict)
    {
        verdict = text switch { "MATCHED" => ReconciliationVerdict.Matched, "NOT_MATCHED" => ReconciliationVerdict.NotMatched, _ => null };
        return verdict is not null || text.Length == 0;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static bool TryAmount(string text, out long? amount)
    {
        amount = null;
        if (text.Length == 0)
        {
            return true;
        }

        var ok = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value);
        amount = value;
        return ok;
    }

    private static bool TryStatus(string text, out TikiVipTransactionStatus? status)
    {
        status = null;
        if (text.Length == 0)
        {
            return true;
        }

        var ok = TikiVipTransactionStatusNames.TryParse(text, out var value);
        status = value;
        return ok;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Splits one line: fields separated by commas, a quoted field may hold commas and doubled quotes.</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>(Fields);
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
