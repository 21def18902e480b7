using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        IAsyncEnumerable<Row> records, int runSize, string directory, string side, CancellationToken cancellationToken)
    {
        var runs = new SortedRuns();
        Task? spilling = null; // one run is sorted and written on another core while the next is read
        var buffer = new RunBuffer(Math.Min(runSize, 64 * 1024));
        RunBuffer? spare = null; // two buffers take turns, so their large arrays are allocated once
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                runs.Count++;
                if (string.IsNullOrEmpty(record.Key))
                {
                    throw new ReconciliationException($"the {side} row has no tiki_transaction_id.", runs.Count);
                }

                buffer.Add(record);
                if (buffer.Count == runSize)
                {
                    if (spilling is not null)
                    {
                        await spilling.ConfigureAwait(false);
                    }

                    var full = buffer;
                    var path = runs.NewRun(directory, full.Count);
                    spilling = Task.Run(() => full.WriteSortedAsync(path, cancellationToken), cancellationToken);
                    buffer = spare ?? new RunBuffer(full.Count);
                    buffer.Clear();
                    spare = full;
                }
            }

            if (spilling is not null)
            {
                await spilling.ConfigureAwait(false);
            }

            if (runs._files.Count == 0)
            {
                runs._inMemory = buffer.SortedRows(); // it all fit: no file at all
            }
            else if (buffer.Count > 0)
            {
                await buffer.WriteSortedAsync(runs.NewRun(directory, buffer.Count), cancellationToken).ConfigureAwait(false);
            }

            return runs;
        }
        catch
        {
            if (spilling is not null)
            {
                await spilling.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await runs.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            buffer.Dispose();
            spare?.Dispose();
        }
    }

    private string NewRun(string directory, int rows)
    {
        var path = Path.Combine(directory, $"tikivip-match-{Guid.NewGuid():N}.run");
        _files.Add((path, rows));
        return path;
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

        var readers = _files.Select(f => new RunReader(f.Path, f.Rows)).ToList();
        try
        {
            var heap = new PriorityQueue<(Row Row, int Run), string>(readers.Count, StringComparer.Ordinal);
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
                if (readers[next.Run].TryRead(out var row))
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
}
