using System.Globalization;
using System.Text;
using Row = TikiVip.Sdk.Reconciliation.Matching.ReconciliationMismatch.Row;

namespace TikiVip.Sdk.Reconciliation.Matching;

/// <summary>
/// Compares a day's records with Tiki's file of the same day, transaction by transaction (keyed by Tiki's
/// transaction id): missing at Tiki, missing at the partner, amount differs, status differs, duplicates. Neither
/// side needs to be sorted; both are sorted externally in runs of <see cref="RunSize"/> rows, so memory stays
/// flat however many rows there are.
/// </summary>
public sealed class ReconciliationMatcher
{
    /// <summary>Creates a matcher.</summary>
    /// <param name="runSize">Rows held in memory per side while sorting (more is faster, less is leaner). Default: 100,000.</param>
    /// <param name="temporaryDirectory">Where sorted runs are spilled; the system's temporary folder when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runSize"/> is below 1,000 or above 10,000,000.</exception>
    public ReconciliationMatcher(int runSize = 100_000, string? temporaryDirectory = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runSize, 1_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runSize, 10_000_000);
        RunSize = runSize;
        TemporaryDirectory = temporaryDirectory ?? Path.GetTempPath();
    }

    /// <summary>Rows held in memory per side while sorting.</summary>
    public int RunSize { get; }

    /// <summary>Where sorted runs are spilled (and deleted afterwards).</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Compares both sides and hands each mismatch to <paramref name="onMismatch"/>, in Tiki transaction id order.</summary>
    /// <param name="partner">The partner's records of the day.</param>
    /// <param name="tiki">Tiki's file of the day, e.g. read with <see cref="ReconciliationFileReader"/>.</param>
    /// <param name="onMismatch">Receives every mismatch.</param>
    /// <param name="cancellationToken">Cancels the comparison; the temporary files are removed.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public async Task<ReconciliationMatchSummary> MatchAsync(
        IAsyncEnumerable<ReconciliationRecord> partner,
        IAsyncEnumerable<ReconciliationRecord> tiki,
        Func<ReconciliationMismatch, CancellationToken, ValueTask> onMismatch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(tiki);
        ArgumentNullException.ThrowIfNull(onMismatch);
        Directory.CreateDirectory(TemporaryDirectory);
        var partnerRuns = await SortedRuns.SortAsync(partner, RunSize, TemporaryDirectory, "partner", cancellationToken).ConfigureAwait(false);
        await using (partnerRuns.ConfigureAwait(false))
        {
            var tikiRuns = await SortedRuns.SortAsync(tiki, RunSize, TemporaryDirectory, "Tiki", cancellationToken).ConfigureAwait(false);
            await using (tikiRuns.ConfigureAwait(false))
            {
                var summary = new ReconciliationMatchSummary { PartnerRows = partnerRuns.Count, TikiRows = tikiRuns.Count };
                await MergeAsync(partnerRuns, tikiRuns, summary, onMismatch, cancellationToken).ConfigureAwait(false);
                return summary;
            }
        }
    }

    /// <summary>Compares both sides and writes the mismatches as a CSV report (UTF-8, RFC 4180, one row per mismatch).</summary>
    /// <param name="partner">The partner's records of the day.</param>
    /// <param name="tiki">Tiki's file of the day.</param>
    /// <param name="report">Receives the report; left open.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ReconciliationException">A row has no Tiki transaction id.</exception>
    public async Task<ReconciliationMatchSummary> MatchToCsvAsync(
        IAsyncEnumerable<ReconciliationRecord> partner, IAsyncEnumerable<ReconciliationRecord> tiki, Stream report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var writer = new StreamWriter(report, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(ReconciliationReport.Header).ConfigureAwait(false);
            var summary = await MatchAsync(partner, tiki, (m, ct) => new ValueTask(writer.WriteLineAsync(ReconciliationReport.Format(m).AsMemory(), ct)), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return summary;
        }
    }

    private static async Task MergeAsync(
        SortedRuns partner, SortedRuns tiki, ReconciliationMatchSummary summary,
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
                    summary.MissingAtTiki++;
                    lastLeft = left.Current.Key;
                    await onMismatch(new ReconciliationMismatch(lastLeft, ReconciliationDifference.MissingAtTiki, left.Current, null), cancellationToken).ConfigureAwait(false);
                    hasLeft = await left.MoveNextAsync().ConfigureAwait(false);
                }
                else if (order > 0)
                {
                    summary.MissingAtPartner++;
                    lastRight = right.Current.Key;
                    await onMismatch(new ReconciliationMismatch(lastRight, ReconciliationDifference.MissingAtPartner, null, right.Current), cancellationToken).ConfigureAwait(false);
                    hasRight = await right.MoveNextAsync().ConfigureAwait(false);
                }
                else
                {
                    var difference = Compare(left.Current, right.Current);
                    if (difference == ReconciliationDifference.None)
                    {
                        summary.Matched++;
                    }
                    else
                    {
                        summary.AmountDiffers += difference.HasFlag(ReconciliationDifference.AmountDiffers) ? 1 : 0;
                        summary.StatusDiffers += difference.HasFlag(ReconciliationDifference.StatusDiffers) ? 1 : 0;
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

    private static ReconciliationDifference Compare(Row partner, Row tiki) =>
        (partner.Amount != tiki.Amount ? ReconciliationDifference.AmountDiffers : ReconciliationDifference.None)
        | (partner.Status != tiki.Status ? ReconciliationDifference.StatusDiffers : ReconciliationDifference.None);

}
