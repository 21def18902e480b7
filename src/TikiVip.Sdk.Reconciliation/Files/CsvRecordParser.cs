using System.Buffers;
using System.Text;

namespace TikiVip.Sdk.Reconciliation.Files;

/// <summary>
/// An RFC 4180 record parser over UTF-8 bytes: a record's fields are located in a pooled buffer (quoted fields may
/// hold the delimiter, doubled quotes and line breaks) and decoded only when asked, so reading a million rows
/// allocates little more than the strings kept. Any line ending is accepted; a UTF-8 byte order mark is skipped.
/// </summary>
internal sealed class CsvRecordParser : IDisposable
{
    private const int MaxRecordBytes = 1024 * 1024;
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly byte _delimiter;
    private readonly SearchValues<byte> _unquotedStops;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private byte[] _scratch = [];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private int[] _fieldStart = new int[16];
    private int[] _fieldLength = new int[16];
    private bool[] _fieldEscaped = new bool[16];

    public CsvRecordParser(Stream stream, char delimiter)
    {
        _stream = stream;
        _delimiter = (byte)delimiter;
        _unquotedStops = SearchValues.Create([_delimiter, (byte)'"', (byte)'\r', (byte)'\n']);
    }

    /// <summary>Fields in the current record.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the file starts with a UTF-8 byte order mark (skipped).</summary>
    public bool HasBom { get; private set; }

    /// <summary>Whether some line ended with CRLF.</summary>
    public bool SawCrLf { get; private set; }

    /// <summary>Whether some line ended with LF alone.</summary>
    public bool SawLf { get; private set; }

    /// <summary>The line the current record starts on (1-based).</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>Moves to the next record; <see langword="false"/> at the end of the file.</summary>
    /// <exception cref="ReconciliationException">The record breaks RFC 4180 or is longer than 1 MiB.</exception>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            await FillAsync(cancellationToken).ConfigureAwait(false);
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
                HasBom = true;
            }
        }

        while (true)
        {
            var result = TryParse();
            if (result >= 0)
            {
                return result == 1;
            }

            if (_eof)
            {
                throw new ReconciliationException($"Line {_nextLine}: the file ends inside a quoted field.");
            }

            if (_end - _start >= MaxRecordBytes)
            {
                throw new ReconciliationException($"Line {_nextLine}: a row longer than {MaxRecordBytes / 1024} KiB; a reconciliation row is never this long (is the file CSV?).");
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A field's bytes, quotes removed (a doubled quote read as one).</summary>
    public ReadOnlySpan<byte> Bytes(int index)
    {
        var field = _buffer.AsSpan(_fieldStart[index], _fieldLength[index]);
        if (!_fieldEscaped[index])
        {
            return field;
        }

        if (_scratch.Length < field.Length)
        {
            _scratch = new byte[Math.Max(field.Length, 256)];
        }

        var length = 0;
        for (var i = 0; i < field.Length; i++)
        {
            _scratch[length++] = field[i];
            if (field[i] == '"')
            {
                i++; // the second quote of a pair
            }
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>A field as text.</summary>
    /// <exception cref="ReconciliationException">The bytes are not UTF-8.</exception>
    public string String(int index)
    {
        var bytes = Bytes(index);
        try
        {
            return bytes.Length == 0 ? "" : Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ReconciliationException($"Line {Line}: field {index + 1} is not valid UTF-8 (the file must be UTF-8).");
        }
    }

    /// <summary>Decodes a field into <paramref name="destination"/>; <see langword="false"/> when it does not fit or is not UTF-8.</summary>
    public bool TryChars(int index, Span<char> destination, out int written)
    {
        written = 0;
        var bytes = Bytes(index);
        if (bytes.Length > destination.Length)
        {
            return false;
        }

        try
        {
            written = Strict.GetChars(bytes, destination);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>1 with a record, 0 at the end of the file, -1 when more bytes are needed.</summary>
    private int TryParse()
    {
        var position = _start;
        var count = 0;
        var lines = 0L;
        if (position == _end)
        {
            return _eof ? 0 : -1;
        }

        while (true)
        {
            if (count == _fieldStart.Length)
            {
                Array.Resize(ref _fieldStart, count * 2);
                Array.Resize(ref _fieldLength, count * 2);
                Array.Resize(ref _fieldEscaped, count * 2);
            }

            int next; // the delimiter or line end after the field, or _end
            if (position < _end && _buffer[position] == '"')
            {
                var content = position + 1;
                var scan = content;
                var escaped = false;
                while (true)
                {
                    var quote = _buffer.AsSpan(scan, _end - scan).IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        return -1;
                    }

                    quote += scan;
                    if (quote + 1 == _end && !_eof)
                    {
                        return -1; // a doubled quote may be split across reads
                    }

                    if (quote + 1 < _end && _buffer[quote + 1] == '"')
                    {
                        escaped = true;
                        scan = quote + 2;
                        continue;
                    }

                    lines += _buffer.AsSpan(content, quote - content).Count((byte)'\n');
                    _fieldStart[count] = content;
                    _fieldLength[count] = quote - content;
                    _fieldEscaped[count] = escaped;
                    next = quote + 1;
                    break;
                }

                if (next < _end && _buffer[next] != _delimiter && _buffer[next] is not ((byte)'\r' or (byte)'\n'))
                {
                    throw new ReconciliationException($"Line {_nextLine + lines}: a quoted field must end at the delimiter or the end of the line (RFC 4180).");
                }
            }
            else
            {
                var stop = _buffer.AsSpan(position, _end - position).IndexOfAny(_unquotedStops);
                next = stop < 0 ? _end : position + stop;
                if (next < _end && _buffer[next] == '"')
                {
                    throw new ReconciliationException($"Line {_nextLine + lines}: a quote inside an unquoted field (RFC 4180 requires the field to be quoted).");
                }

                _fieldStart[count] = position;
                _fieldLength[count] = next - position;
                _fieldEscaped[count] = false;
            }

            count++;
            if (next == _end)
            {
                if (!_eof)
                {
                    return -1;
                }

                Complete(count, _end, lines + 1);
                return 1;
            }

            if (_buffer[next] == _delimiter)
            {
                position = next + 1;
                continue;
            }

            if (_buffer[next] == '\r')
            {
                if (next + 1 == _end && !_eof)
                {
                    return -1; // is a '\n' next?
                }

                next += next + 1 < _end && _buffer[next + 1] == '\n' ? 1 : 0;
                SawCrLf |= _buffer[next] == '\n';
            }
            else
            {
                SawLf = true;
            }

            Complete(count, next + 1, lines + 1);
            return 1;
        }
    }

    private void Complete(int count, int end, long lines)
    {
        Count = count;
        Line = _nextLine;
        _nextLine += lines;
        _start = end;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && (_start > _buffer.Length / 2 || _end == _buffer.Length))
        {
            // Keep the unfinished record; its fields are located again from its start.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One unfinished record fills the buffer: it grows (up to the 1 MiB a record may take).
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _eof = read == 0;
    }
}
