using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Everything else the SDK holds about one Tiki transaction: its IPNs, its refunds and its reconciliation row, each linked.</summary>
internal static class TransactionLinks
{
    private const int Shown = 20;

    public static async Task WriteAsync(HtmlWriter html, OperationsPage page, string tikiTransactionId, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        html.Raw("<h2 id=\"related\">This transaction elsewhere <small lang=\"vi\">Giao dịch liên quan</small></h2><ul>");
        if (page.Services.GetService<IIpnOutbox>() is { } outbox)
        {
            var ipns = (await outbox.QueryAsync(new IpnOutboxQuery { TransactionId = tikiTransactionId, Limit = Shown }, cancellationToken).ConfigureAwait(false)).Entries;
            html.Raw("<li>IPNs: ");
            if (ipns.Count == 0)
            {
                html.Raw("<span class=\"muted\">none in the outbox</span>");
            }

            foreach (var ipn in ipns)
            {
                html.Link(page.Link("/ipn/" + ipn.Id.ToString(CultureInfo.InvariantCulture)), $"IPN {ipn.Id} ({ipn.Status}, {ipn.State})").Raw(" ");
            }

            html.Raw("</li>");
        }

        if (page.Services.GetService<IRefundHistory>() is { } history)
        {
            var deliveries = (await history.QueryAsync(new RefundHistoryQuery { Search = tikiTransactionId, Limit = 200 }, cancellationToken).ConfigureAwait(false)).Entries;
            var requests = deliveries.Where(d => string.Equals(d.TikiTransactionId, tikiTransactionId, StringComparison.OrdinalIgnoreCase))
                .GroupBy(d => d.RequestId, StringComparer.Ordinal).Take(Shown).ToList();
            html.Raw("<li>Refunds: ");
            if (requests.Count == 0)
            {
                html.Raw("<span class=\"muted\">no refund callback recorded</span>");
            }

            foreach (var request in requests)
            {
                var latest = request.First(); // newest first
                html.Link(page.Link("/refunds/request/" + Uri.EscapeDataString(request.Key)), request.Key, code: true)
                    .Raw(" <span class=\"muted\">").Amount(latest.Amount).Raw(", ").Text(latest.Outcome.ToString()).Raw("</span> ");
            }

            html.Raw("</li>");
        }

        if (page.Services.GetService<ReconciliationJob>() is { } job)
        {
            html.Raw("<li>Reconciliation: ");
            await WriteReconciliationAsync(html, page, job, tikiTransactionId, recordedAt, cancellationToken).ConfigureAwait(false);
            html.Raw("</li>");
        }

        html.Raw("</ul>");
    }

    /// <summary>
    /// The days the transaction can be in (the day it was recorded, and the next, for a partner whose file places it
    /// by its last update), and its row in a day's mismatch report when it has one.
    /// </summary>
    private static async Task WriteReconciliationAsync(HtmlWriter html, OperationsPage page, ReconciliationJob job, string tikiTransactionId, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var day = VietnamCalendar.Today(recordedAt);
        var runs = await job.GetRunsAsync(day, day.AddDays(1), cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            html.Raw("<span class=\"muted\">").Text(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw(" not reconciled yet</span>");
            return;
        }

        foreach (var run in runs)
        {
            var id = run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (await ReconciliationPage.FindMismatchAsync(run, tikiTransactionId, cancellationToken).ConfigureAwait(false) is { } mismatch)
            {
                html.Link(page.Link($"/reconciliation/{id}?q={Uri.EscapeDataString(tikiTransactionId)}#tx-{Uri.EscapeDataString(mismatch.TikiTransactionId)}"), $"{id}: {mismatch.Difference}")
                    .Raw(" <span class=\"badge bad\">a difference</span> ");
            }
            else
            {
                html.Link(page.Link("/reconciliation/" + id), id).Raw(run.Mismatches is null, " <span class=\"muted\">(Tiki's answer awaited)</span> ", " <span class=\"muted\">(no difference for this transaction)</span> ");
            }
        }
    }
}
