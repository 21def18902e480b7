using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// An external sort by Tiki transaction id: rows are sorted in memory a chunk at a time, each chunk spilled to a
/// temporary file (deleted on close), and the chunks merged, so memory stays flat whatever the row count.
/// </summary>
internal sealed class SortedChunks : IAsyncDisposable
{
    private readonly List<(string Path, int Rows)> _files = [];
    private List<Row>? _inMemory;

    private SortedChunks()
    {
    }

    public long Count { get; private set; }

    public static async Task<SortedChunks> SortAsync(
        IAsyncEnumerable<Row> records, int chunkSize, string directory, string side, CancellationToken cancellationToken)
    {
        var chunks = new SortedChunks();
        Task? spilling = null; // one chunk is sorted and written on another core while the next is read
        var buffer = new ChunkBuffer(Math.Min(chunkSize, 64 * 1024));
        ChunkBuffer? spare = null; // two buffers take turns, so their large arrays are allocated once
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                chunks.Count++;
                if (string.IsNullOrEmpty(record.Key))
                {
                    throw new ReconciliationException($"the {side} row has no tiki_transaction_id.", chunks.Count);
                }

                buffer.Add(record);
                if (buffer.Count == chunkSize)
                {
                    if (spilling is not null)
                    {
                        await spilling.ConfigureAwait(false);
                    }

                    var full = buffer;
                    var path = chunks.NewChunk(directory, full.Count);
                    spilling = Task.Run(() => full.WriteSortedAsync(path, cancellationToken), cancellationToken);
                    buffer = spare ?? new ChunkBuffer(full.Count);
                    buffer.Clear();
                    spare = full;
                }
            }

            if (spilling is not null)
            {
                await spilling.ConfigureAwait(false);
            }

            if (chunks._files.Count == 0)
            {
                chunks._inMemory = buffer.SortedRows(); // it all fit: no file at all
            }
            else if (buffer.Count > 0)
            {
                await buffer.WriteSortedAsync(chunks.NewChunk(directory, buffer.Count), cancellationToken).ConfigureAwait(false);
            }

            return chunks;
        }
        catch
        {
            if (spilling is not null)
            {
                await spilling.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await chunks.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            buffer.Dispose();
            spare?.Dispose();
        }
    }

    private string NewChunk(string directory, int rows)
    {
        var path = Path.Combine(directory, $"tikivip-match-{Guid.NewGuid():N}.chunk");
        _files.Add((path, rows));
        return path;
    }

    /// <summary>The rows in key order: a k-way merge of the chunks.</summary>
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

        var readers = _files.Select(f => new ChunkReader(f.Path, f.Rows)).ToList();
        try
        {
            var heap = new PriorityQueue<(Row Row, int Chunk), string>(readers.Count, StringComparer.Ordinal);
            for (var i = 0; i < readers.Count; i++)
            {
                if (readers[i].TryRead(out var row))
                {
                    heap.Enqueue((row, i), row.Key);
                }
            }

            var yielded = 0;
            while (heap.TryDequeue(out var next, out _))
            {
                yield return next.Row;
                if (readers[next.Chunk].TryRead(out var row))
                {
                    heap.Enqueue((row, next.Chunk), row.Key);
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
}
