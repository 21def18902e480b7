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
            // The last seven days, not only yesterday: a day that failed on Tuesday still needs a person on Friday.
            var yesterday = VietnamCalendar.Today(page.Now).AddDays(-1);
            var runs = (await job.GetRunsAsync(yesterday.AddDays(-6), yesterday, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Date);
            html.TableStart("Day|Ngày", "File at Tiki", "Tiki's answer");
            for (var day = yesterday; day >= yesterday.AddDays(-6); day = day.AddDays(-1))
            {
                var id = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var run = runs.GetValueOrDefault(day);
                html.RowStart(id: "overview-day-" + id).Cell().Raw("<a").Attribute("href", page.Link("/reconciliation/" + id)).Raw(">").Text(id).Raw("</a>").CellEnd().Cell();
                if (run is null)
                {
                    html.Toned(day == yesterday ? Tone.Warn : Tone.Bad, "not run");
                }
                else if (run.IsDelivered)
                {
                    html.Toned(Tone.Ok, "delivered");
                }
                else
                {
                    html.Toned(Tone.Bad, run.State == ReconciliationRunState.Failed ? $"failed ({run.FailedAttempts} attempts)" : "not delivered");
                }

                html.CellEnd().Cell();
                if (run?.Mismatches is { } mismatches)
                {
                    html.Toned(mismatches == 0 ? Tone.Ok : Tone.Bad, mismatches == 0 ? "matches" : mismatches.ToString("N0", CultureInfo.InvariantCulture) + " mismatches");
                }
                else if (run is { State: ReconciliationRunState.Failed, IsDelivered: true })
                {
                    html.Toned(Tone.Bad, "comparison failed");
                }
                else
                {
                    html.Raw("<span class=\"muted\">none yet</span>");
                }

                html.CellEnd().RowEnd();
            }

            html.TableEnd();
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
