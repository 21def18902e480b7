using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Everything that needs a person, on one screen.</summary>
internal static class OverviewPage
{
    /// <summary>The reconciliation days shown: a day that failed on Tuesday still needs a person on Friday.</summary>
    internal const int Days = 7;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var storage = (page.Services.GetService<IRefundIdempotencyStore>() as ITikiVipStore)?.StorageDescription;
        var outbox = page.Services.GetService<IIpnOutbox>() is { } o ? await o.GetSummaryAsync(cancellationToken).ConfigureAwait(false) : null;

        Refunds? refunds = null;
        if (page.Services.GetService<IRefundQuarantine>() is { } quarantine && page.Services.GetService<IRefundHistory>() is { } history
            && page.Services.GetService<IRefundIdempotencyStore>() is { } idempotency)
        {
            var waiting = (await quarantine.QueryAsync(new RefundQuarantineQuery { Limit = RefundsPage.Limit }, cancellationToken).ConfigureAwait(false)).Entries.Count;
            var running = (await idempotency.ListInProgressAsync(RefundsPage.Limit, cancellationToken).ConfigureAwait(false)).Count;
            var recent = (await history.QueryAsync(new RefundHistoryQuery { Limit = RefundsPage.Limit }, cancellationToken).ConfigureAwait(false)).Entries;
            var failed = recent.Count(e => e.Outcome is RefundOutcome.Failed or RefundOutcome.Conflict or RefundOutcome.StoreUnavailable);
            refunds = new Refunds(waiting, running, recent.Count, failed);
        }

        IReadOnlyDictionary<DateOnly, ReconciliationRun>? runs = null;
        var yesterday = VietnamCalendar.Today(page.Now).AddDays(-1);
        if (page.Services.GetService<ReconciliationJob>() is { } job)
        {
            runs = (await job.GetRunsAsync(yesterday.AddDays(1 - Days), yesterday, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Date);
        }

        var calls = page.Services.GetRequiredService<CallStatistics>().Snapshot();
        return await page.RenderAsync<OverviewView>(new Model(storage, outbox, refunds, yesterday, runs, calls)).ConfigureAwait(false);
    }

    /// <summary>Each part is <see langword="null"/> when the application does not have that feature.</summary>
    internal sealed record Model(
        string? Storage, IpnOutboxSummary? Outbox, Refunds? Refunds, DateOnly Yesterday, IReadOnlyDictionary<DateOnly, ReconciliationRun>? Runs,
        IReadOnlyList<OperationStatistics> Calls);

    /// <summary>Quarantined refunds waiting, refunds running, and how many of the last deliveries failed.</summary>
    internal sealed record Refunds(int Waiting, int Running, int Recent, int Failed);

    /// <summary>A day's delivery, as the overview says it.</summary>
    internal static (Tone Tone, string Text) Delivery(ReconciliationRun? run, bool isYesterday) => run switch
    {
        null => (isYesterday ? Tone.Warn : Tone.Bad, "not run"),
        { IsDelivered: true } => (Tone.Ok, "delivered"),
        { State: ReconciliationRunState.Failed } => (Tone.Bad, $"failed ({run.FailedAttempts} attempts)"),
        _ => (Tone.Bad, "not delivered"),
    };

    /// <summary>Tiki's answer for a day, as the overview says it; <see langword="null"/> when there is none yet.</summary>
    internal static (Tone Tone, string Text)? Answer(ReconciliationRun? run) => run switch
    {
        { Mismatches: 0 } => (Tone.Ok, "matches"),
        { Mismatches: { } mismatches } => (Tone.Bad, mismatches.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " mismatches"),
        { State: ReconciliationRunState.Failed, IsDelivered: true } => (Tone.Bad, "comparison failed"),
        _ => null,
    };
}
