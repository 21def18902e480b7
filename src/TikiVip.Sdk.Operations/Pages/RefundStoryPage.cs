using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One refund's story: every delivery Tiki made of it and how each was answered, its quarantine entry, and its transaction elsewhere.</summary>
internal static class RefundStoryPage
{
    internal const int Deliveries = 1_000;

    public static async Task<IResult> RenderAsync(OperationsPage page, string requestId, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        var title = "Refund " + requestId;
        html.Raw("<h2>Refund <code>").Text(requestId).Raw("</code> <small lang=\"vi\">Lịch sử hoàn tiền</small></h2>");
        var history = page.Services.GetService<IRefundHistory>();
        var quarantine = page.Services.GetService<IRefundQuarantine>();
        if (history is null || quarantine is null)
        {
            html.Raw("<p class=\"note\">This application does not receive Tiki's refund callbacks (no <code>AddRefundHandler</code>).</p>");
            return page.Render("/refunds", title, html, StatusCodes.Status404NotFound);
        }

        var deliveries = (await history.QueryAsync(new RefundHistoryQuery { Search = requestId, Limit = Deliveries }, cancellationToken).ConfigureAwait(false)).Entries
            .Where(d => string.Equals(d.RequestId, requestId, StringComparison.Ordinal)).ToList();
        var kept = (await quarantine.QueryAsync(new RefundQuarantineQuery { Search = requestId, IncludeResolved = true }, cancellationToken).ConfigureAwait(false)).Entries
            .Where(q => string.Equals(q.RequestId, requestId, StringComparison.Ordinal)).ToList();
        var running = (await history.ListInProgressAsync(ListLimit.Max, cancellationToken).ConfigureAwait(false)).Where(c => c.RequestId == requestId).ToList();
        if (deliveries.Count == 0 && kept.Count == 0 && running.Count == 0)
        {
            html.Raw("<p class=\"note\">No delivery of this refund request is recorded").Raw(history is ITikiVipStore { IsSharedByInstances: false }, " by this process (the history is in memory)", "")
                .Raw(". <a").Attribute("href", page.Link("/refunds?q=" + Uri.EscapeDataString(requestId))).Raw(">Search the refunds</a></p>");
            return page.Render("/refunds", title, html, StatusCodes.Status404NotFound);
        }

        if (running.Count > 0)
        {
            html.Raw("<p class=\"note\">Its handler is running now (claimed ").Time(running[0].ClaimedAt, page.Now).Raw("): Tiki's retries meanwhile are answered “in progress”.</p>");
        }

        foreach (var entry in kept)
        {
            html.Raw("<p class=\"error\">Quarantined: ").Text(entry.Problem).Raw(" (").Text(entry.Deliveries).Raw(entry.Deliveries == 1, " delivery", " deliveries").Raw(", last ").Time(entry.LastReceivedAt, page.Now).Raw(").");
            if (entry.ResolvedAt is { } resolvedAt)
            {
                html.Raw(" <span class=\"badge ok\">resolved</span> ").Time(resolvedAt, page.Now).Raw(" by ").Text(entry.ResolvedBy).Raw(": ").Text(entry.Resolution);
            }
            else
            {
                html.Raw(" <a").Attribute("href", page.Link("/refunds?q=" + Uri.EscapeDataString(requestId) + "#quarantine")).Raw(">Resolve it on the refunds page</a>");
            }

            html.Raw("</p>");
        }

        html.Raw("<h2 id=\"deliveries\">Deliveries by Tiki <small lang=\"vi\">Các lần Tiki gửi</small></h2>");
        if (deliveries.Count == 0)
        {
            html.Raw("<p class=\"muted\">None answered yet.</p>");
        }
        else
        {
            html.Raw("<p class=\"muted\">").Text(deliveries.Count).Raw(deliveries.Count == 1, " delivery", " deliveries").Raw(", oldest first: Tiki sends the same request again until it is answered 200.</p>")
                .TableStart("#", "When", "Tiki transaction|Mã giao dịch Tiki", "Amount|Số tiền", "How it was answered");
            var number = 0;
            foreach (var delivery in Enumerable.Reverse(deliveries))
            {
                html.RowStart().Cell("num").Text(++number).CellEnd().Cell().Time(delivery.At, page.Now).CellEnd()
                    .Cell().Raw("<code>").Text(delivery.TikiTransactionId).Raw("</code>").CellEnd().Cell("num").Amount(delivery.Amount).CellEnd().Cell();
                RefundsPage.Outcome(html, delivery);
                html.CellEnd().RowEnd();
            }

            html.TableEnd();
            await TransactionLinks.WriteAsync(html, page, deliveries[^1].TikiTransactionId, deliveries[^1].At, cancellationToken).ConfigureAwait(false);
        }

        return page.Render("/refunds", title, html);
    }
}
