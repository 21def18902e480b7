using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TikiVip.Sdk.Reconciliation;

/// <summary>
/// Writes one RFC 4180 CSV file as UTF-8 straight into a pooled byte buffer, hashing what it flushes, so a row
/// costs no allocation and memory stays flat however many rows pass through.
/// </summary>
internal sealed class CsvFileWriter : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _flushed;

    private readonly ReconciliationTimestampFormat _timestampFormat;

    public CsvFileWriter(Stream stream, string name, ReconciliationTimestampFormat timestampFormat)
    {
        _stream = stream;
        Name = name;
        _timestampFormat = timestampFormat;
    }

    public string Name { get; }

    public long Rows { get; private set; }

    public async ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            await EnsureAsync(MaxBytes(columns[i]) + 1, cancellationToken).ConfigureAwait(false);
            if (i > 0)
            {
                _buffer[_used++] = (byte)',';
            }

            WriteField(columns[i]);
        }

        await EndLineAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteRowAsync(ReconciliationRecord record, TimeSpan offset, CancellationToken cancellationToken)
    {
        var extras = record.ExtraValues;
        var need = MaxBytes(record.TikiTransactionId) + MaxBytes(record.TransactionId) + 20 + 7 + 30 + 30 + 8;
        for (var i = 0; i < extras.Count; i++)
        {
            need += MaxBytes(extras[i]) + 1;
        }

        await EnsureAsync(need, cancellationToken).ConfigureAwait(false);
        WriteField(record.TikiTransactionId);
        _buffer[_used++] = (byte)',';
        WriteField(record.TransactionId);
        _buffer[_used++] = (byte)',';
        Utf8Formatter.TryFormat(record.Amount, _buffer.AsSpan(_used), out var written);
        _used += written;
        _buffer[_used++] = (byte)',';
        WriteAscii(record.Status switch
        {
            TikiVipTransactionStatus.Success => "SUCCESS"u8,
            TikiVipTransactionStatus.Failure => "FAILURE"u8,
            _ => "PENDING"u8, // the wire names of TikiVipTransactionStatusNames, as UTF-8 literals
        });
        _buffer[_used++] = (byte)',';
        WriteTimestamp(record.CreatedAt, offset);
        _buffer[_used++] = (byte)',';
        WriteTimestamp(record.UpdatedAt, offset);
        for (var i = 0; i < extras.Count; i++)
        {
            _buffer[_used++] = (byte)',';
            WriteField(extras[i]);
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
        if (span.IndexOfAny(NeedsQuoting) < 0)
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

    private void WriteAscii(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void WriteTimestamp(DateTimeOffset value, TimeSpan offset)
    {
        _used += TimestampFormatter.Write(value, offset, _timestampFormat, _buffer.AsSpan(_used));
    }

    private ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        _buffer[_used++] = (byte)'\r';
        _buffer[_used++] = (byte)'\n';
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
