using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// One chunk of rows on its way to being sorted: each row is also encoded, as it arrives and its strings are still
/// in the CPU's cache, into a contiguous arena in the chunk file's layout (<see cref="ChunkReader"/>). Sorting and
/// spilling then read the arena, not strings scattered over the heap in another order, which cost more than the
/// rest of the sort. Keys are ordered ordinally (UTF-16), as the merge compares them.
/// </summary>
internal sealed class ChunkBuffer : IDisposable
{
    private readonly List<Row> _rows;
    private readonly List<int> _offsets;
    private byte[] _arena = ArrayPool<byte>.Shared.Rent(1024 * 1024);
    private int _used;
    private bool _ascii = true;

    public ChunkBuffer(int capacity)
    {
        _rows = new List<Row>(capacity);
        _offsets = new List<int>(capacity);
    }

    public int Count => _rows.Count;

    public void Add(Row row)
    {
        _rows.Add(row);
        _offsets.Add(_used);
        _ascii &= Ascii.IsValid(row.Key);
        var transactionId = row.TransactionId ?? "";
        var reason = row.Reason ?? "";
        Ensure(15 + 5 + Encoding.UTF8.GetMaxByteCount(row.Key.Length + transactionId.Length + reason.Length));
        WriteString(row.Key);
        _arena[_used++] = (byte)((row.HasAmount ? 1 : 0) | (row.TransactionId is null ? 0 : 2) | (row.Reason is null ? 0 : 4));
        WriteString(transactionId);
        BinaryPrimitives.WriteInt64LittleEndian(_arena.AsSpan(_used), row.Amount);
        _arena[_used + 8] = row.Status;
        _arena[_used + 9] = row.Result;
        _used += 10;
        WriteString(reason);
    }

    public void Clear()
    {
        _rows.Clear();
        _offsets.Clear();
        _used = 0;
        _ascii = true;
    }

    /// <summary>The rows in key order, for a chunk that stays in memory.</summary>
    public List<Row> SortedRows()
    {
        var order = Order();
        var sorted = new List<Row>(order.Length);
        foreach (var index in order)
        {
            sorted.Add(_rows[index]);
        }

        return sorted;
    }

    /// <summary>Writes the chunk in key order to a new file.</summary>
    public async Task WriteSortedAsync(string path, CancellationToken cancellationToken)
    {
        var order = Order();
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var output = ArrayPool<byte>.Shared.Rent(512 * 1024);
            try
            {
                var used = 0;
                foreach (var index in order)
                {
                    var start = _offsets[index];
                    var length = (index + 1 < _offsets.Count ? _offsets[index + 1] : _used) - start;
                    if (used + length > output.Length)
                    {
                        await stream.WriteAsync(output.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                        used = 0;
                        if (length > output.Length)
                        {
                            await stream.WriteAsync(_arena.AsMemory(start, length), cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                    }

                    _arena.AsSpan(start, length).CopyTo(output.AsSpan(used));
                    used += length;
                }

                await stream.WriteAsync(output.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }
    }

    public void Dispose()
    {
        if (_arena.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_arena);
            _arena = [];
        }
    }

    /// <summary>
    /// The permutation that sorts the chunk. Keys of a day share a long prefix (<c>261121TIKIVIP-2357...</c>) that
    /// every comparison would walk again, so the chunk's common prefix is skipped once and the next characters packed
    /// into a number compared first; whole keys are compared only on a tie. ASCII keys are read from the arena (a
    /// byte per character, in ordinal order); others from the strings.
    /// </summary>
    private int[] Order()
    {
        var count = _rows.Count;
        var order = new (ulong Prefix, int Index)[count];
        if (count > 0 && _ascii)
        {
            var first = Key(0);
            var common = first.Length;
            for (var i = 1; i < count; i++)
            {
                common = Math.Min(common, first.CommonPrefixLength(Key(i)));
            }

            for (var i = 0; i < count; i++)
            {
                order[i] = (Pack(Key(i)[common..]), i);
            }

            order.AsSpan().Sort(new ArenaOrder(_arena, CollectionsMarshal.AsSpan(_offsets).ToArray()));
        }
        else if (count > 0)
        {
            var keys = new string[count];
            var span = CollectionsMarshal.AsSpan(_rows);
            var first = span[0].Key;
            var common = first.Length;
            for (var i = 0; i < count; i++)
            {
                keys[i] = span[i].Key;
                common = Math.Min(common, first.AsSpan().CommonPrefixLength(keys[i]));
            }

            for (var i = 0; i < count; i++)
            {
                order[i] = (PackChars(keys[i].AsSpan(common)), i);
            }

            order.AsSpan().Sort(new StringOrder(keys));
        }

        var indexes = new int[count];
        for (var i = 0; i < count; i++)
        {
            indexes[i] = order[i].Index;
        }

        return indexes;
    }

    private ReadOnlySpan<byte> Key(int index) => KeyAt(_arena, _offsets[index]);

    private static ReadOnlySpan<byte> KeyAt(byte[] arena, int offset)
    {
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = arena[offset++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);

        return arena.AsSpan(offset, length);
    }

    /// <summary>Eight bytes as a number in the same order (shorter keys padded with zero: a tie, settled by the whole key).</summary>
    private static ulong Pack(ReadOnlySpan<byte> rest)
    {
        ulong packed = 0;
        for (var i = 0; i < 8; i++)
        {
            packed = (packed << 8) | (i < rest.Length ? rest[i] : 0u);
        }

        return packed;
    }

    private static ulong PackChars(ReadOnlySpan<char> rest)
    {
        ulong packed = 0;
        for (var i = 0; i < 4; i++)
        {
            packed = (packed << 16) | (i < rest.Length ? rest[i] : 0u);
        }

        return packed;
    }

    private void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var remaining = (uint)length;
        while (remaining >= 0x80)
        {
            _arena[_used++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        _arena[_used++] = (byte)remaining;
        _used += Encoding.UTF8.GetBytes(value, _arena.AsSpan(_used));
    }

    private void Ensure(int bytes)
    {
        if (_arena.Length - _used >= bytes)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_arena.Length * 2, _used + bytes));
        _arena.AsSpan(0, _used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_arena);
        _arena = larger;
    }

    private readonly struct ArenaOrder(byte[] arena, int[] offsets) : IComparer<(ulong Prefix, int Index)>
    {
        public int Compare((ulong Prefix, int Index) x, (ulong Prefix, int Index) y) =>
            x.Prefix != y.Prefix ? x.Prefix.CompareTo(y.Prefix) : KeyAt(arena, offsets[x.Index]).SequenceCompareTo(KeyAt(arena, offsets[y.Index]));
    }

    private readonly struct StringOrder(string[] keys) : IComparer<(ulong Prefix, int Index)>
    {
        public int Compare((ulong Prefix, int Index) x, (ulong Prefix, int Index) y) =>
            x.Prefix != y.Prefix ? x.Prefix.CompareTo(y.Prefix) : string.CompareOrdinal(keys[x.Index], keys[y.Index]);
    }
}
