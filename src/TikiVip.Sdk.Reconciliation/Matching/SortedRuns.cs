using System.Runtime.CompilerServices;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// An external sort by Tiki transaction id: rows are sorted in memory a run at a time, each run spilled to a
/// temporary file (deleted on close), and the runs merged, so memory stays flat whatever the row count.
/// </summary>
internal sealed class SortedRuns : IAsyncDisposable
{
    private readonly List<(string Path, int Rows)> _files = [];
    private List<Row>? _inMemory;

    private SortedRuns()
    {
    }

    public long Count { get; private set; }

    public static async Task<SortedRuns> SortAsync(
        IAsyncEnumerable<ReconciliationRecord> records, int runSize, string directory, string side, CancellationToken cancellationToken)
    {
        var runs = new SortedRuns();
        try
        {
            var buffer = new List<Row>(Math.Min(runSize, 64 * 1024));
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                runs.Count++;
                if (record is null || string.IsNullOrEmpty(record.TikiTransactionId))
                {
                    throw new ReconciliationException($"the {side} row has no tiki_transaction_id.", runs.Count);
                }

                buffer.Add(new Row(record.TikiTransactionId, record.TransactionId ?? "", record.Amount, record.Status));
                if (buffer.Count == runSize)
                {
                    await runs.SpillAsync(buffer, directory, cancellationToken).ConfigureAwait(false);
                    buffer.Clear();
                }
            }

            buffer.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            if (runs._files.Count == 0)
            {
                runs._inMemory = buffer; // it all fit: no file at all
            }
            else if (buffer.Count > 0)
            {
                await runs.SpillAsync(buffer, directory, cancellationToken).ConfigureAwait(false);
            }

            return runs;
        }
        catch
        {
            await runs.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The rows in key order: a k-way merge of the runs.</summary>
    public async IAsyncEnumerable<Row> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_inMemory is not null)
        {
            foreach (var row in _inMemory)
            {
                yield return row;
            }

            yield break;
        }

        var readers = _files.Select(f => new BinaryReader(new FileStream(f.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))).ToList();
        var left = _files.Select(f => f.Rows).ToArray(); // counted, so no length check per row
        try
        {
            var heap = new PriorityQueue<(Row Row, int Run), string>(readers.Count, StringComparer.Ordinal);
            for (var i = 0; i < readers.Count; i++)
            {
                if (TryRead(readers[i], ref left[i], out var row))
                {
                    heap.Enqueue((row, i), row.Key);
                }
            }

            var yielded = 0;
            while (heap.TryDequeue(out var next, out _))
            {
                yield return next.Row;
                if (TryRead(readers[next.Run], ref left[next.Run], out var row))
                {
                    heap.Enqueue((row, next.Run), row.Key);
                }

                if (++yielded % 65536 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            try
            {
                File.Delete(file.Path);
            }
            catch (IOException)
            {
                // A temporary file in the temporary folder: the operating system's cleanup takes it.
            }
        }

        _files.Clear();
        return default;
    }

    private async Task SpillAsync(List<Row> rows, string directory, CancellationToken cancellationToken)
    {
        rows.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var path = Path.Combine(directory, $"tikivip-match-{Guid.NewGuid():N}.run");
        _files.Add((path, rows.Count));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(1024 * 1024);
            using var writer = new BinaryWriter(buffer);
            foreach (var row in rows)
            {
                writer.Write(row.Key);
                writer.Write(row.TransactionId);
                writer.Write(row.Amount);
                writer.Write((byte)row.Status);
                if (buffer.Length > 512 * 1024)
                {
                    writer.Flush();
                    await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                    buffer.SetLength(0);
                }
            }

            writer.Flush();
            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool TryRead(BinaryReader reader, ref int left, out Row row)
    {
        if (left == 0)
        {
            row = default;
            return false;
        }

        left--;
        row = new Row(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), (TikiVipTransactionStatus)reader.ReadByte());
        return true;
    }
}
