using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TikiVip.Sdk.Reconciliation.Layouts;

namespace TikiVip.Sdk.Reconciliation.Files;

/// <summary>
/// Writes one RFC 4180 CSV file in a layout, as UTF-8 straight into a pooled byte buffer, hashing what it flushes,
/// so a row costs no allocation and memory stays flat however many rows pass through.
/// </summary>
internal sealed class CsvFileWriter : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly LayoutPlan _plan;
    private readonly byte _delimiter;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _flushed;

    public CsvFileWriter(Stream stream, string name, LayoutPlan plan)
    {
        _stream = stream;
        Name = name;
        _plan = plan;
        _delimiter = (byte)plan.Delimiter;
    }

    public string Name { get; }

    public long Rows { get; private set; }

    /// <summary>Writes what precedes the rows: the byte order mark and the header line, as the layout says.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_plan.Bom)
        {
            WriteRaw([0xEF, 0xBB, 0xBF]);
        }

        if (!_plan.Header)
        {
            return;
        }

        var columns = _plan.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            await EnsureAsync(MaxBytes(columns[i].Name) + 1, cancellationToken).ConfigureAwait(false);
            if (i > 0)
            {
                _buffer[_used++] = _delimiter;
            }

            WriteField(columns[i].Name);
        }

        await EndLineAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteRowAsync(ReconciliationRecord record, CancellationToken cancellationToken)
    {
        var columns = _plan.Columns;
        var need = 0;
        foreach (var column in columns)
        {
            need += 1 + column.Kind switch
            {
                ReconciliationField.TikiTransactionId => MaxBytes(record.TikiTransactionId),
                ReconciliationField.TransactionId => MaxBytes(record.TransactionId),
                ReconciliationField.Amount => 20,
                ReconciliationField.Status => _plan.StatusBytes[(int)record.Status - 1].Length,
                ReconciliationField.CreatedAt or ReconciliationField.UpdatedAt => _plan.Timestamps.MaxBytes,
                ReconciliationField.Extra => MaxBytes(record.Extras[column.ExtraKey!]),
                _ => 0,
            };
        }

        await EnsureAsync(need, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0)
            {
                _buffer[_used++] = _delimiter;
            }

            switch (columns[i].Kind)
            {
                case ReconciliationField.TikiTransactionId:
                    WriteField(record.TikiTransactionId);
                    break;
                case ReconciliationField.TransactionId:
                    WriteField(record.TransactionId);
                    break;
                case ReconciliationField.Amount:
                    Utf8Formatter.TryFormat(record.Amount, _buffer.AsSpan(_used), out var written);
                    _used += written;
                    break;
                case ReconciliationField.Status:
                    WriteRaw(_plan.StatusBytes[(int)record.Status - 1]); // checked: no delimiter, quote or line break
                    break;
                case ReconciliationField.CreatedAt:
                    _used += _plan.Timestamps.Write(record.CreatedAt, _buffer.AsSpan(_used));
                    break;
                case ReconciliationField.UpdatedAt:
                    _used += _plan.Timestamps.Write(record.UpdatedAt, _buffer.AsSpan(_used));
                    break;
                case ReconciliationField.Extra:
                    WriteField(record.Extras[columns[i].ExtraKey!]);
                    break;
            }
        }

        Rows++;
        await EndLineAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes and closes the file and returns its description.</summary>
    public async ValueTask<ReconciliationFile> CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        var hash = _hash.GetHashAndReset();
        await DisposeAsync().ConfigureAwait(false);
        return new ReconciliationFile(Name, Rows, _flushed, Convert.ToHexString(hash).ToLowerInvariant());
    }

    /// <summary>Closes the stream and returns the buffer; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _hash.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the file after a failure: a second error (a full disk fails the final flush again) must not hide the first.</summary>
    public async ValueTask AbandonAsync()
    {
        try
        {
            await DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    // UTF-8 takes at most 3 bytes per UTF-16 char; quoting adds 2 quotes and at most doubles 1-byte quotes.
    private static int MaxBytes(string value) => (value.Length * 3) + 2;

    private void WriteField(string value)
    {
        var span = value.AsSpan();
        if (span.IndexOfAny(_plan.NeedsQuoting) < 0)
        {
            _used += Encoding.UTF8.GetBytes(span, _buffer.AsSpan(_used));
            return;
        }

        _buffer[_used++] = (byte)'"';
        int quote;
        while ((quote = span.IndexOf('"')) >= 0)
        {
            _used += Encoding.UTF8.GetBytes(span[..(quote + 1)], _buffer.AsSpan(_used));
            _buffer[_used++] = (byte)'"';
            span = span[(quote + 1)..];
        }

        _used += Encoding.UTF8.GetBytes(span, _buffer.AsSpan(_used));
        _buffer[_used++] = (byte)'"';
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        WriteRaw(_plan.LineEnd);
        return _used > BufferSize / 2 ? FlushAsync(cancellationToken) : default;
    }

    private async ValueTask EnsureAsync(int bytes, CancellationToken cancellationToken)
    {
        bytes += 2; // line end
        if (_buffer.Length - _used >= bytes)
        {
            return;
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
        {
            return;
        }

        _hash.AppendData(_buffer, 0, _used);
        await _stream.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
        _flushed += _used;
        _used = 0;
    }
}
