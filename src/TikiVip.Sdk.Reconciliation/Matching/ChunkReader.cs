using System.Buffers.Binary;
using System.Text;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// Reads back a chunk file as <see cref="SortedChunks"/> wrote it (BinaryWriter's layout: 7-bit lengths, UTF-8,
/// little-endian), from a buffer of its own: a stream call per field cost more than the rest of the merge.
/// </summary>
internal sealed class ChunkReader : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _end;
    private int _left;

    public ChunkReader(string path, int rows)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        _left = rows;
    }

    public bool TryRead(out Row row)
    {
        if (_left == 0)
        {
            row = default;
            return false;
        }

        _left--;
        var key = ReadString();
        Ensure(1);
        var present = _buffer[_position++];
        var transactionId = ReadString();
        Ensure(11);
        var amount = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(_position));
        var status = _buffer[_position + 8];
        var result = _buffer[_position + 9];
        _position += 10;
        var reason = ReadString();
        row = new Row(key, (present & 2) != 0 ? transactionId : null, amount, (present & 1) != 0, status, result, (present & 4) != 0 ? reason : null);
        return true;
    }

    public void Dispose() => _stream.Dispose();

    private string ReadString()
    {
        Ensure(5);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _buffer[_position++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length == 0)
        {
            return "";
        }

        Ensure(length);
        var value = Encoding.UTF8.GetString(_buffer, _position, length);
        _position += length;
        return value;
    }

    /// <summary>Makes <paramref name="bytes"/> readable at the position (fewer only at the end of the file, which a count of rows never reaches).</summary>
    private void Ensure(int bytes)
    {
        if (_end - _position >= bytes)
        {
            return;
        }

        var rest = _end - _position;
        if (bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(bytes, _buffer.Length * 2));
        }

        _buffer.AsSpan(_position, rest).CopyTo(_buffer);
        _position = 0;
        _end = rest;
        while (_end < bytes)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                return;
            }

            _end += read;
        }
    }
}
