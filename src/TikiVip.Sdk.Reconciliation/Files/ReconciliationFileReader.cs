using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Reads a reconciliation file back, as strictly as <see cref="ReconciliationFileWriter"/> writes it (RFC 4180):
/// to validate a file before upload, to check a round trip, or to read Tiki's results.
/// </summary>
public static class ReconciliationFileReader
{
    /// <summary>Streams the records of a file whose timestamps are ISO 8601 with an offset (the writer's default).</summary>
    /// <exception cref="ReconciliationException">The header or a row does not follow the format; the message names the row.</exception>
    /// <param name="stream">The file's content (UTF-8 CSV with the standard header).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records, one per data row, streamed.</returns>
    public static IAsyncEnumerable<ReconciliationRecord> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, ReconciliationTimestampFormat.Iso8601, VietnamCalendar.Offset, cancellationToken);

    /// <summary>
    /// Streams the records of several files, one after the other, as one day (a day split into several files): a
    /// file that does not follow the format is named in the error.
    /// </summary>
    /// <exception cref="ReconciliationException">A file's header or a row does not follow the format; the message names the file and the row.</exception>
    /// <param name="paths">The files, in the order to read them.</param>
    /// <param name="timestampFormat">How the files' timestamps are written.</param>
    /// <param name="utcOffset">The offset of local timestamps; Vietnam's for Tiki.</param>
    /// <param name="fileLabel">How the error names a file, e.g. "Tiki's result file".</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records of every file, streamed.</returns>
    public static async IAsyncEnumerable<ReconciliationRecord> ReadFilesAsync(
        IEnumerable<string> paths, ReconciliationTimestampFormat timestampFormat, TimeSpan utcOffset, string fileLabel = "file",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var records = ReadAsync(stream, timestampFormat, utcOffset, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (records.ConfigureAwait(false))
                {
                    while (true)
                    {
                        try
                        {
                            if (!await records.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }
                        }
                        catch (ReconciliationException ex)
                        {
                            throw new ReconciliationException($"{fileLabel} {Path.GetFileName(path)}: {ex.Message}", null, ex);
                        }

                        yield return records.Current;
                    }
                }
            }
        }
    }

    /// <summary>Streams the records of a file written with a given timestamp format.</summary>
    /// <exception cref="ReconciliationException">The header or a row does not follow the format; the message names the row.</exception>
    /// <param name="stream">The file's content (UTF-8 CSV with the standard header).</param>
    /// <param name="timestampFormat">How the file's timestamps are written.</param>
    /// <param name="utcOffset">The offset of local timestamps (<see cref="ReconciliationTimestampFormat.LocalDateTime"/>); default Vietnam's.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records, one per data row, streamed.</returns>
    public static async IAsyncEnumerable<ReconciliationRecord> ReadAsync(
        Stream stream, ReconciliationTimestampFormat timestampFormat, TimeSpan utcOffset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!ReconciliationText.Patterns.TryGetValue(timestampFormat, out var pattern))
        {
            throw new ArgumentOutOfRangeException(nameof(timestampFormat), timestampFormat, "Not a defined timestamp format.");
        }

        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, 64 * 1024, leaveOpen: true);
        var csv = new CsvRecordReader(reader);
        var header = await csv.ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ReconciliationException("The file is empty: it has no header row.");
        var standard = ReconciliationFileWriter.StandardColumns;
        if (header.Count < standard.Count || !header.Take(standard.Count).SequenceEqual(standard))
        {
            throw new ReconciliationException($"The header must start with {string.Join(",", standard)}; got {string.Join(",", header)}.");
        }

        long row = 0;
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } fields)
        {
            row++;
            if (fields.Count != header.Count)
            {
                throw new ReconciliationException($"expected {header.Count} fields, found {fields.Count}.", row);
            }

            yield return new ReconciliationRecord
            {
                TikiTransactionId = fields[0],
                TransactionId = fields[1],
                // As written: digits only, no sign, no leading zero.
                Amount = fields[2] is { Length: > 0 and <= 19 } digits && (digits == "0" || digits[0] != '0')
                    && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                    ? amount
                    : throw new ReconciliationException($"transaction_amount {ReconciliationText.Show(fields[2])} is not a whole number of VND (digits only).", row),
                Status = TikiVipTransactionStatusNames.TryParse(fields[3], out var status)
                    ? status
                    : throw new ReconciliationException($"status {ReconciliationText.Show(fields[3])} is not SUCCESS, FAILURE or PENDING.", row),
                CreatedAt = ParseTimestamp(fields[4], pattern, timestampFormat, utcOffset, "created_at", row),
                UpdatedAt = ParseTimestamp(fields[5], pattern, timestampFormat, utcOffset, "updated_at", row),
                ExtraValues = fields.Skip(standard.Count).ToArray(),
            };
        }
    }

    private static DateTimeOffset ParseTimestamp(string text, string pattern, ReconciliationTimestampFormat format, TimeSpan utcOffset, string column, long row)
    {
        var local = format is ReconciliationTimestampFormat.LocalDateTime or ReconciliationTimestampFormat.LocalDateTimeMilliseconds;
        if (local)
        {
            return DateTime.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)
                ? new DateTimeOffset(dateTime, utcOffset)
                : throw new ReconciliationException($"{column} {ReconciliationText.Show(text)} is not a timestamp like {pattern}.", row);
        }

        return DateTimeOffset.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new ReconciliationException($"{column} {ReconciliationText.Show(text)} is not a timestamp like {pattern.Replace("'", "", StringComparison.Ordinal)}.", row);
    }

    /// <summary>An RFC 4180 record reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private sealed class CsvRecordReader(StreamReader reader)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private readonly StringBuilder _field = new();
        private long _line = 1;
        private int _length;
        private int _position;

        public async ValueTask<List<string>?> ReadAsync(CancellationToken cancellationToken)
        {
            var fields = new List<string>();
            var quoted = false;
            var afterQuote = false;
            var fieldStarted = false;
            while (true)
            {
                if (_position == _length)
                {
                    _length = await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                    _position = 0;
                    if (_length == 0)
                    {
                        if (quoted)
                        {
                            throw new ReconciliationException("The file ends inside a quoted field.");
                        }

                        if (!fieldStarted && fields.Count == 0)
                        {
                            return null;
                        }

                        fields.Add(Take());
                        return fields;
                    }
                }

                var c = _buffer[_position++];
                fieldStarted = true;
                if (quoted)
                {
                    if (c != '"')
                    {
                        _field.Append(c);
                    }
                    else if (await PeekAsync(cancellationToken).ConfigureAwait(false) == '"')
                    {
                        _position++;
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else if (afterQuote && c is not (',' or '\r' or '\n'))
                {
                    throw new ReconciliationException($"Line {_line}: a quoted field must end at a comma or the end of the line (RFC 4180).");
                }
                else if (c == '"' && _field.Length == 0 && !afterQuote)
                {
                    quoted = true;
                }
                else if (c == '"')
                {
                    throw new ReconciliationException($"Line {_line}: a quote inside an unquoted field (RFC 4180 requires the field to be quoted).");
                }
                else if (c == ',')
                {
                    fields.Add(Take());
                    afterQuote = false;
                }
                else if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && await PeekAsync(cancellationToken).ConfigureAwait(false) == '\n')
                    {
                        _position++;
                    }

                    _line++;
                    fields.Add(Take());
                    return fields;
                }
                else
                {
                    _field.Append(c);
                }
            }
        }

        private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
        {
            if (_position == _length)
            {
                _length = await reader.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                _position = 0;
            }

            return _position < _length ? _buffer[_position] : -1;
        }

        private string Take()
        {
            var value = _field.ToString();
            _field.Clear();
            return value;
        }
    }
}
