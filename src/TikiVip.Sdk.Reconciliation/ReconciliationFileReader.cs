using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>Reads a reconciliation file back, to validate it before upload or to check a round trip.</summary>
public static class ReconciliationFileReader
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    /// <summary>Streams the records of a file written by <see cref="ReconciliationFileWriter"/> (or to the same rules).</summary>
    /// <exception cref="ReconciliationException">The header or a row does not follow the format; the message names the row.</exception>
    /// <param name="stream">The file's content (UTF-8 CSV with the standard header).</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The records, one per data row, streamed.</returns>
    public static async IAsyncEnumerable<ReconciliationRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
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
                Amount = long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
                    ? amount
                    : throw new ReconciliationException($"transaction_amount '{fields[2]}' is not a whole number.", row),
                Status = TikiVipTransactionStatusNames.TryParse(fields[3], out var status)
                    ? status
                    : throw new ReconciliationException($"status '{fields[3]}' is not SUCCESS, FAILURE or PENDING.", row),
                CreatedAt = ParseTimestamp(fields[4], "created_at", row),
                UpdatedAt = ParseTimestamp(fields[5], "updated_at", row),
                ExtraValues = fields.Skip(standard.Count).ToArray(),
            };
        }
    }

    private static DateTimeOffset ParseTimestamp(string text, string column, long row) =>
        DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new ReconciliationException($"{column} '{text}' is not an ISO 8601 timestamp with offset (yyyy-MM-ddTHH:mm:ss+07:00).", row);

    /// <summary>An RFC 4180 record reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private sealed class CsvRecordReader(StreamReader reader)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private readonly StringBuilder _field = new();
        private int _length;
        private int _position;

        public async ValueTask<List<string>?> ReadAsync(CancellationToken cancellationToken)
        {
            var fields = new List<string>();
            var quoted = false;
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
                    }
                }
                else if (c == '"' && _field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(Take());
                }
                else if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && await PeekAsync(cancellationToken).ConfigureAwait(false) == '\n')
                    {
                        _position++;
                    }

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
