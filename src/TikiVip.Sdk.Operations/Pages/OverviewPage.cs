using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Everything that needs a person, on one screen.</summary>
internal static class OverviewPage
{
    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        if (page.Services.GetService<Refunds.IRefundIdempotencyStore>() is ITikiVipStore store)
        {
            html.Raw("<p class=\"muted\">Storage: ").Text(store.StorageDescription).Raw(".</p>");
        }

        html.Raw("<h2><a").Attribute("href", page.Link("/ipn")).Raw(">IPN outbox</a> <small lang=\"vi\">Thông báo thanh toán</small></h2>");
        if (page.Services.GetService<IIpnOutbox>() is { } outbox)
        {
            IpnPage.WriteSummary(html, page, await outbox.GetSummaryAsync(cancellationToken).ConfigureAwait(false));
        }
        else
        {
            html.Raw("<p class=\"muted\">No outbox (it comes with <code>UsePostgreSql</code>).</p>");
        }

        html.Raw("<h2><a").Attribute("href", page.Link("/refunds")).Raw(">Refunds</a> <small lang=\"vi\">Hoàn tiền</small></h2>");
        if (page.Services.GetService<IRefundQuarantine>() is { } quarantine && page.Services.GetService<IRefundHistory>() is { } history)
        {
            var waiting = (await quarantine.ListAsync(includeResolved: false, RefundsPage.Limit, cancellationToken).ConfigureAwait(false)).Count;
            var running = (await history.ListInProgressAsync(RefundsPage.Limit, cancellationToken).ConfigureAwait(false)).Count;
            var recent = await history.ListRecentAsync(RefundsPage.Limit, cancellationToken).ConfigureAwait(false);
            var failed = Enumerable.Count(recent, e => e.Outcome is RefundOutcome.Failed or RefundOutcome.Conflict or RefundOutcome.StoreUnavailable);
            html.Raw("<div class=\"cards\"><div class=\"card\"><a").Attribute("href", page.Link("/refunds#quarantine")).Raw(">Quarantined, waiting <b class=\"")
                .Class(waiting > 0 ? Tone.Bad : Tone.Ok).Raw("\">").Text(waiting).Raw("</b></a></div><div class=\"card\">In progress<b>").Text(running)
                .Raw("</b></div><div class=\"card\">Failed, of the last ").Text(recent.Count).Raw("<b class=\"").Class(failed > 0 ? Tone.Warn : Tone.Ok).Raw("\">")
                .Text(failed).Raw("</b></div></div>");
        }
        else
        {
            html.Raw("<p class=\"muted\">This application does not receive refund callbacks.</p>");
        }

        html.Raw("<h2><a").Attribute("href", page.Link("/reconciliation")).Raw(">Reconciliation</a> <small lang=\"vi\">Đối soát</small></h2>");
        if (page.Services.GetService<ReconciliationJob>() is { } job)
        {
            var yesterday = VietnamCalendar.Today(page.Now).AddDays(-1);
            var runs = await job.GetRunsAsync(yesterday, yesterday, cancellationToken).ConfigureAwait(false);
            var run = runs.Count > 0 ? runs[0] : null;
            html.Raw("<p>Yesterday (").Text(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Raw("): ")
                .Toned(run is null ? Tone.Warn : run.IsDelivered ? Tone.Ok : Tone.Bad, run is null ? "not run yet" : run.IsDelivered ? "delivered" : "not delivered");
            if (run?.Mismatches is { } mismatches)
            {
                html.Raw(", ").Toned(mismatches == 0 ? Tone.Ok : Tone.Bad, mismatches.ToString("N0", CultureInfo.InvariantCulture) + " mismatches");
            }

            html.Raw(".</p>");
        }
        else
        {
            html.Raw("<p class=\"muted\">Not set up (<code>AddReconciliation</code>).</p>");
        }

        html.Raw("<h2><a").Attribute("href", page.Link("/tiki")).Raw(">Tiki</a> <small lang=\"vi\">Kết nối Tiki</small></h2>");
        TikiPage.WriteTable(html, page, page.Services.GetRequiredService<CallStatistics>().Snapshot());
        return page.Render("", "Overview", html);
    }
}
