using System.Runtime.CompilerServices;
using System.Text;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// Compares a day's records with Tiki's results of the same day, transaction by transaction (keyed by Tiki's
/// transaction id), as the agreed <see cref="ReconciliationMatchMode"/> reads Tiki's file: missing at Tiki,
/// missing at the partner, amount or status differs, duplicates, listed by Tiki as wrong, Tiki's verdict
/// disagreeing. Neither side needs to be sorted; both are sorted externally in chunks of <see cref="ChunkSize"/> rows,
/// so memory stays flat however many rows there are. A field one side's layout lacks is not compared.
/// </summary>
public sealed class ReconciliationMatcher
{
    /// <summary>Creates a matcher.</summary>
    /// <param name="mode">What Tiki's file means. Default: <see cref="ReconciliationMatchMode.Exceptions"/> (it lists only what Tiki found wrong).</param>
    /// <param name="chunkSize">Rows held in memory per side while sorting (more is faster, less is leaner). Default: 100,000.</param>
    /// <param name="temporaryDirectory">Where sorted chunks are spilled; the system's temporary folder when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 1,000 or above 10,000,000, or <paramref name="mode"/> is not defined.</exception>
    public ReconciliationMatcher(ReconciliationMatchMode mode = ReconciliationMatchMode.Exceptions, int chunkSize = 100_000, string? temporaryDirectory = null)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a defined match mode.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, 10_000_000);
        Mode = mode;
        ChunkSize = chunkSize;
        TemporaryDirectory = temporaryDirectory ?? Path.GetTempPath();
    }

    /// <summary>What Tiki's file means.</summary>
    public ReconciliationMatchMode Mode { get; }

    /// <summary>Rows held in memory per side while sorting.</summary>
    public int ChunkSize { get; }

    /// <summary>Where sorted chunks are spilled (and deleted afterwards).</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Compares the partner's records with Tiki's rows and hands each mismatch to <paramref name="onMismatch"/>, in Tiki transaction id order.</summary>
    /// <param name="partner">The partner's records of the day.</param>
    /// <param name="tiki">Tiki's rows of the day, read with <see cref="ReconciliationFileReader"/> in the agreed results layout.</param>
    /// <param name="onMismatch">Receives every mismatch.</param>
    /// <param name="cancellationToken">Cancels the comparison; the temporary files are removed.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public Task<ReconciliationMatchSummary> MatchAsync(
        IAsyncEnumerable<ReconciliationRecord> partner, IAsyncEnumerable<ReconciliationFileRow> tiki,
        Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return MatchRowsAsync(Rows(partner, cancellationToken), tiki, onMismatch, cancellationToken);
    }

    /// <summary>Compares the partner's file rows (e.g. its own delivered files read back) with Tiki's rows.</summary>
    /// <param name="partner">The partner's rows of the day.</param>
    /// <param name="tiki">Tiki's rows of the day.</param>
    /// <param name="onMismatch">Receives every mismatch.</param>
    /// <param name="cancellationToken">Cancels the comparison; the temporary files are removed.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public Task<ReconciliationMatchSummary> MatchAsync(
        IAsyncEnumerable<ReconciliationFileRow> partner, IAsyncEnumerable<ReconciliationFileRow> tiki,
        Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return MatchRowsAsync(Rows(partner, cancellationToken), tiki, onMismatch, cancellationToken);
    }

    /// <summary>Compares the partner's records with Tiki's rows and writes the mismatches as a report (<see cref="ReconciliationReport"/>).</summary>
    /// <param name="partner">The partner's records of the day.</param>
    /// <param name="tiki">Tiki's rows of the day.</param>
    /// <param name="report">Receives the report; left open.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public Task<ReconciliationMatchSummary> MatchToCsvAsync(
        IAsyncEnumerable<ReconciliationRecord> partner, IAsyncEnumerable<ReconciliationFileRow> tiki, Stream report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return ToCsvAsync(Rows(partner, cancellationToken), tiki, report, cancellationToken);
    }

    /// <summary>Compares the partner's file rows with Tiki's rows and writes the mismatches as a report (<see cref="ReconciliationReport"/>).</summary>
    /// <param name="partner">The partner's rows of the day.</param>
    /// <param name="tiki">Tiki's rows of the day.</param>
    /// <param name="report">Receives the report; left open.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public Task<ReconciliationMatchSummary> MatchToCsvAsync(
        IAsyncEnumerable<ReconciliationFileRow> partner, IAsyncEnumerable<ReconciliationFileRow> tiki, Stream report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return ToCsvAsync(Rows(partner, cancellationToken), tiki, report, cancellationToken);
    }

    private async Task<ReconciliationMatchSummary> ToCsvAsync(IAsyncEnumerable<Row> partner, IAsyncEnumerable<ReconciliationFileRow> tiki, Stream report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var writer = new StreamWriter(report, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(ReconciliationReport.Header).ConfigureAwait(false);
            var summary = await MatchRowsAsync(partner, tiki, (m, ct) => new ValueTask(writer.WriteLineAsync(ReconciliationReport.Format(m).AsMemory(), ct)), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return summary;
        }
    }

    private async Task<ReconciliationMatchSummary> MatchRowsAsync(
        IAsyncEnumerable<Row> partner, IAsyncEnumerable<ReconciliationFileRow> tiki,
        Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tiki);
        ArgumentNullException.ThrowIfNull(onMismatch);
        Directory.CreateDirectory(TemporaryDirectory);
        // Both sides are sorted at once (Tiki's on another core): they come from independent sources. A side that
        // fails stops the other.
        using var sides = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var partnerSorting = StopOtherOnFailure(SortedChunks.SortAsync(partner, ChunkSize, TemporaryDirectory, "partner", sides.Token), sides);
        var tikiSorting = Task.Run(() => StopOtherOnFailure(SortedChunks.SortAsync(Rows(tiki, sides.Token), ChunkSize, TemporaryDirectory, "Tiki", sides.Token), sides), sides.Token);
        try
        {
            await Task.WhenAll(partnerSorting, tikiSorting).ConfigureAwait(false);
        }
        catch
        {
            foreach (var side in new[] { partnerSorting, tikiSorting })
            {
                if (side.IsCompletedSuccessfully)
                {
                    await side.Result.DisposeAsync().ConfigureAwait(false); // a failed side removed its own chunks
                }
            }

            // The real failure, not the other side's stop; the partner side's first, as its rows are numbered.
            if ((partnerSorting.IsFaulted ? partnerSorting : tikiSorting.IsFaulted ? tikiSorting : null) is { Exception.InnerException: { } failure })
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }

        var partnerChunks = partnerSorting.Result;
        var tikiChunks = tikiSorting.Result;
        await using (partnerChunks.ConfigureAwait(false))
        await using (tikiChunks.ConfigureAwait(false))
        {
            var summary = new ReconciliationMatchSummary { PartnerRows = partnerChunks.Count, TikiRows = tikiChunks.Count };
            await MergeAsync(partnerChunks, tikiChunks, summary, Counting(summary, onMismatch), cancellationToken).ConfigureAwait(false);
            return summary;
        }
    }

    private static async Task<SortedChunks> StopOtherOnFailure(Task<SortedChunks> sorting, CancellationTokenSource sides)
    {
        try
        {
            return await sorting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await sides.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Func<ReconciliationMismatch, CancellationToken, ValueTask> Counting(ReconciliationMatchSummary summary, Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch) =>
        (mismatch, cancellationToken) =>
        {
            summary.Mismatches++;
            return onMismatch(mismatch, cancellationToken);
        };

    private static async IAsyncEnumerable<Row> Rows(IAsyncEnumerable<ReconciliationRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return record is null
                ? new Row("", null, 0, false, 0, 0, null)
                : new Row(record.TikiTransactionId, record.TransactionId, record.Amount, true, (byte)record.Status, 0, null);
        }
    }

    private static async IAsyncEnumerable<Row> Rows(IAsyncEnumerable<ReconciliationFileRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row is null
                ? new Row("", null, 0, false, 0, 0, null)
                : new Row(row.TikiTransactionId, row.TransactionId, row.Amount ?? 0, row.Amount is not null, (byte)(row.Status ?? 0), (byte)(row.Result ?? 0), row.Reason);
        }
    }

    private async Task MergeAsync(
        SortedChunks partner, SortedChunks tiki, ReconciliationMatchSummary summary,
        Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch, CancellationToken cancellationToken)
    {
        var left = partner.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var right = tiki.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasLeft = await left.MoveNextAsync().ConfigureAwait(false);
            var hasRight = await right.MoveNextAsync().ConfigureAwait(false);
            string? lastLeft = null, lastRight = null;
            while (hasLeft || hasRight)
            {
                var order = !hasLeft ? 1 : !hasRight ? -1 : string.CompareOrdinal(left.Current.Key, right.Current.Key);
                if (order <= 0 && hasLeft && left.Current.Key == lastLeft)
                {
                    summary.Duplicates++;
                    await onMismatch(new ReconciliationMismatch(left.Current.Key, ReconciliationDifference.Duplicate, left.Current, null), cancellationToken).ConfigureAwait(false);
                    hasLeft = await left.MoveNextAsync().ConfigureAwait(false);
                    continue;
                }

                if (order >= 0 && hasRight && right.Current.Key == lastRight)
                {
                    summary.Duplicates++;
                    await onMismatch(new ReconciliationMismatch(right.Current.Key, ReconciliationDifference.Duplicate, null, right.Current), cancellationToken).ConfigureAwait(false);
                    hasRight = await right.MoveNextAsync().ConfigureAwait(false);
                    continue;
                }

                if (order < 0)
                {
                    lastLeft = left.Current.Key;
                    if (Mode == ReconciliationMatchMode.Exceptions)
                    {
                        summary.Matched++; // Tiki lists only what it found wrong
                    }
                    else
                    {
                        summary.MissingAtTiki++;
                        await onMismatch(new ReconciliationMismatch(lastLeft, ReconciliationDifference.MissingAtTiki, left.Current, null), cancellationToken).ConfigureAwait(false);
                    }

                    hasLeft = await left.MoveNextAsync().ConfigureAwait(false);
                }
                else if (order > 0)
                {
                    summary.MissingAtPartner++;
                    lastRight = right.Current.Key;
                    var listed = Mode == ReconciliationMatchMode.Exceptions && right.Current.Result != (byte)ReconciliationVerdict.Matched
                        ? ReconciliationDifference.ReportedByTiki : ReconciliationDifference.None;
                    summary.ReportedByTiki += listed != ReconciliationDifference.None ? 1 : 0;
                    await onMismatch(new ReconciliationMismatch(lastRight, ReconciliationDifference.MissingAtPartner | listed, null, right.Current), cancellationToken).ConfigureAwait(false);
                    hasRight = await right.MoveNextAsync().ConfigureAwait(false);
                }
                else
                {
                    var difference = Judge(left.Current, right.Current);
                    if (difference == ReconciliationDifference.None)
                    {
                        summary.Matched++;
                    }
                    else
                    {
                        summary.AmountDiffers += difference.HasFlag(ReconciliationDifference.AmountDiffers) ? 1 : 0;
                        summary.StatusDiffers += difference.HasFlag(ReconciliationDifference.StatusDiffers) ? 1 : 0;
                        summary.ReportedByTiki += difference.HasFlag(ReconciliationDifference.ReportedByTiki) ? 1 : 0;
                        summary.VerdictDiffers += difference.HasFlag(ReconciliationDifference.VerdictDiffers) ? 1 : 0;
                        await onMismatch(new ReconciliationMismatch(left.Current.Key, difference, left.Current, right.Current), cancellationToken).ConfigureAwait(false);
                    }

                    lastLeft = lastRight = left.Current.Key;
                    hasLeft = await left.MoveNextAsync().ConfigureAwait(false);
                    hasRight = await right.MoveNextAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await left.DisposeAsync().ConfigureAwait(false);
            await right.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A transaction both sides have: its values compared where both sides carry them, then Tiki's word on it. In
    /// <see cref="ReconciliationMatchMode.Exceptions"/> being listed is Tiki's word (unless the row says MATCHED);
    /// in <see cref="ReconciliationMatchMode.FullDay"/> a Result column is checked against the comparison.
    /// </summary>
    private ReconciliationDifference Judge(Row partner, Row tiki)
    {
        var difference = (partner.HasAmount && tiki.HasAmount && partner.Amount != tiki.Amount ? ReconciliationDifference.AmountDiffers : ReconciliationDifference.None)
            | (partner.Status != 0 && tiki.Status != 0 && partner.Status != tiki.Status ? ReconciliationDifference.StatusDiffers : ReconciliationDifference.None);
        var verdict = (ReconciliationVerdict)tiki.Result;
        if (Mode == ReconciliationMatchMode.Exceptions)
        {
            return verdict == ReconciliationVerdict.Matched
                ? difference | (difference != ReconciliationDifference.None ? ReconciliationDifference.VerdictDiffers : ReconciliationDifference.None)
                : difference | ReconciliationDifference.ReportedByTiki;
        }

        var disagrees = (verdict == ReconciliationVerdict.Matched && difference != ReconciliationDifference.None)
            || (verdict == ReconciliationVerdict.NotMatched && difference == ReconciliationDifference.None);
        return difference | (disagrees ? ReconciliationDifference.VerdictDiffers : ReconciliationDifference.None);
    }

}
