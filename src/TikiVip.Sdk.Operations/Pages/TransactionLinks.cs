using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Everything else the SDK holds about one Tiki transaction: its IPNs, its refunds and its reconciliation row, each linked.</summary>
internal static class TransactionLinks
{
    private const int Shown = 20;

    public static async Task<Related> LoadAsync(OperationsPage page, string tikiTransactionId, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        IReadOnlyList<IpnOutboxEntry>? ipns = null;
        if (page.Services.GetService<IIpnOutbox>() is { } outbox)
        {
            ipns = (await outbox.QueryAsync(new IpnOutboxQuery { TransactionId = tikiTransactionId, Limit = Shown }, cancellationToken).ConfigureAwait(false)).Entries;
        }

        IReadOnlyList<RefundHistoryEntry>? refunds = null;
        if (page.Services.GetService<IRefundHistory>() is { } history)
        {
            var deliveries = (await history.QueryAsync(new RefundHistoryQuery { Search = tikiTransactionId, Limit = 200 }, cancellationToken).ConfigureAwait(false)).Entries;
            refunds = deliveries.Where(d => string.Equals(d.TikiTransactionId, tikiTransactionId, StringComparison.OrdinalIgnoreCase))
                .GroupBy(d => d.RequestId, StringComparer.Ordinal).Take(Shown).Select(request => request.First()).ToList(); // newest first: each request's latest
        }

        Reconciled? reconciled = null;
        if (page.Services.GetService<ReconciliationJob>() is { } job)
        {
            // The day it was recorded, and the next, for a partner whose file places it by its last update.
            var day = VietnamCalendar.Today(recordedAt);
            var runs = await job.GetRunsAsync(day, day.AddDays(1), cancellationToken).ConfigureAwait(false);
            var days = new List<(ReconciliationRun, ReconciliationMismatch?)>(runs.Count);
            foreach (var run in runs)
            {
                days.Add((run, await ReconciliationPage.FindMismatchAsync(job, run, tikiTransactionId, cancellationToken).ConfigureAwait(false)));
            }

            reconciled = new Reconciled(day, days);
        }

        return new Related(tikiTransactionId, ipns, refunds, reconciled);
    }

    /// <summary>The transaction elsewhere; a part is <see langword="null"/> when the application does not have that feature.</summary>
    internal sealed record Related(string TikiTransactionId, IReadOnlyList<IpnOutboxEntry>? Ipns, IReadOnlyList<RefundHistoryEntry>? Refunds, Reconciled? Reconciliation);

    /// <summary>The days the transaction can be in, each with its row in the day's mismatch report when it has one.</summary>
    internal sealed record Reconciled(DateOnly Day, IReadOnlyList<(ReconciliationRun Run, ReconciliationMismatch? Mismatch)> Runs);
}
