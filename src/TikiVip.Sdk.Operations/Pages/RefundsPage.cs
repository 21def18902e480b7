using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Refunds: quarantined callbacks waiting for a person, refunds running now, and how recent deliveries were answered.</summary>
internal static class RefundsPage
{
    internal const int Limit = 100;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        var quarantine = page.Services.GetService<IRefundQuarantine>();
        var history = page.Services.GetService<IRefundHistory>();
        if (quarantine is null || history is null)
        {
            html.Raw("<h2>Refunds <small lang=\"vi\">Hoàn tiền</small></h2><p class=\"note\">This application does not receive Tiki's refund callbacks (no <code>AddRefundHandler</code>).</p>");
            return page.Render("/refunds", "Refunds", html);
        }

        if (history is ITikiVipStore { IsSharedByInstances: false })
        {
            html.Raw("<p class=\"note\">In memory: this shows what this process holds, since it started. Another instance has its own, and a restart forgets them; <code>UsePostgreSql</code> keeps them for every instance.</p>");
        }

        // Searched, filtered and paged by the store (keyset on the id), so a delivery is found whatever its age.
        var query = page.Context.Request.Query;
        var search = query["q"].ToString().Trim();
        var outcome = Enum.TryParse<RefundOutcome>(query["outcome"].ToString(), ignoreCase: true, out var o) && Enum.IsDefined(o) ? o : (RefundOutcome?)null;
        var before = long.TryParse(query["before"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await history.QueryAsync(new RefundHistoryQuery { Search = search, Outcome = outcome, Before = before, Limit = Limit }, cancellationToken).ConfigureAwait(false);
        html.Raw("<form class=\"inline\" method=\"get\"").Attribute("action", page.Link("/refunds")).Raw(" style=\"margin:.8rem 0\"><label>Outcome <select name=\"outcome\"><option value=\"\">Any</option>");
        foreach (var value in Enum.GetValues<RefundOutcome>())
        {
            html.Raw("<option").Attribute("value", value.ToString()).Raw(value == outcome, " selected>", ">").Text(value.ToString()).Raw("</option>");
        }

        html.Raw("</select></label><label>Refund <input name=\"q\" placeholder=\"Request or Tiki transaction id\"").Attribute("value", search)
            .Raw("></label><button type=\"submit\">Find</button></form>");
        var after = query["after"].ToString();
        RefundQuarantinePage kept;
        try
        {
            // A search looks at resolved entries too: "what happened to this refund?"
            kept = await quarantine.QueryAsync(new RefundQuarantineQuery { Search = search, IncludeResolved = search.Length > 0, After = after.Length > 0 ? after : null, Limit = Limit }, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            html.Raw("<p class=\"note\">That page link is out of date; the first page is shown.</p>");
            kept = await quarantine.QueryAsync(new RefundQuarantineQuery { Search = search, IncludeResolved = search.Length > 0, Limit = Limit }, cancellationToken).ConfigureAwait(false);
        }

        var waiting = kept.Entries;
        html.Raw("<h2 id=\"quarantine\">Quarantined <small lang=\"vi\">Hoàn tiền bị giữ lại</small></h2>")
            .Raw("<p class=\"muted\">Authentic refund callbacks whose content the SDK could not accept. Tiki is answered 500 and retries until you mark one resolved; then its next retry is answered 200. Handle the refund first (by hand, or with Tiki), then say what you did.</p>");
        if (waiting.Count == 0)
        {
            html.Raw("<p class=\"ok\">").Raw(search.Length > 0, "None for this refund.", "None waiting.").Raw("</p>");
        }
        else
        {
            html.TableStart("Request id", "Problem", "Resolve", "Body as Tiki sent it", "Deliveries", "First / last received");
            foreach (var entry in waiting)
            {
                html.RowStart().Cell().Raw("<code>").Text(entry.RequestId ?? "(unreadable)").Raw("</code>").CellEnd().Cell("bad").Text(entry.Problem).CellEnd().Cell();
                if (entry.ResolvedAt is { } resolvedAt)
                {
                    html.Raw("<span class=\"badge ok\">resolved</span> ").Time(resolvedAt, page.Now).Raw(" by ").Text(entry.ResolvedBy).Raw(": ").Text(entry.Resolution);
                }
                else
                {
                    page.FormStart(html, $"/refunds/quarantine/{entry.Id}/resolve");
                    html.Raw("<input name=\"resolution\" required maxlength=\"500\" placeholder=\"What was done\" aria-label=\"What was done\"><button type=\"submit\">Mark resolved</button></form>");
                }

                html.CellEnd().Cell().Raw("<pre>").Text(Shorten(entry.BodyText, 2_000)).Raw("</pre>").CellEnd().Cell("num").Text(entry.Deliveries).CellEnd()
                    .Cell().Time(entry.FirstReceivedAt, page.Now).Raw("<br>").Time(entry.LastReceivedAt, page.Now).CellEnd().RowEnd();
            }

            html.TableEnd();
            if (kept.NextAfter is { } nextAfter)
            {
                html.Raw("<p><a").Attribute("href", page.Link($"/refunds?q={Uri.EscapeDataString(search)}&after={Uri.EscapeDataString(nextAfter)}#quarantine")).Raw(">more quarantined refunds</a></p>");
            }
        }

        var running = await history.ListInProgressAsync(Limit, cancellationToken).ConfigureAwait(false);
        html.Raw("<h2>In progress <small lang=\"vi\">Đang xử lý</small></h2>");
        if (running.Count == 0)
        {
            html.Raw("<p class=\"muted\">No refund handler is running.</p>");
        }
        else
        {
            html.TableStart("Request id", "Claimed", "Lease");
            foreach (var claim in running)
            {
                html.RowStart().Cell().Raw("<code>").Text(claim.RequestId).Raw("</code>").CellEnd().Cell().Time(claim.ClaimedAt, page.Now).CellEnd().Cell();
                if (claim.LeaseUntil is { } until)
                {
                    html.Raw(until < page.Now, "<span class=\"badge warn\">expired: the next retry takes it over</span> ", "until ").Time(until, page.Now);
                }
                else
                {
                    html.Raw("held by this process until the handler returns");
                }

                html.CellEnd().RowEnd();
            }

            html.TableEnd();
        }

        html.Raw("<h2 id=\"deliveries\">Deliveries <small lang=\"vi\">Yêu cầu hoàn tiền</small></h2>");
        var recent = found.Entries;
        html.Raw("<p class=\"muted\">").Text(recent.Count).Raw(recent.Count == 1, " delivery", " deliveries").Raw(search.Length > 0, " of this refund", "").Raw(", newest first");
        if (found.NextBefore is { } next)
        {
            html.Raw(" · <a").Attribute("href", page.Link($"/refunds?outcome={outcome}&q={Uri.EscapeDataString(search)}&before={next}#deliveries")).Raw(">older deliveries</a>");
        }

        html.Raw("</p>");
        if (recent.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Raw(search.Length > 0 || outcome is not null, "No delivery matches.", "No refund callback yet.").Raw("</p>");
        }
        else
        {
            html.TableStart("When", "Request id", "Tiki transaction|Mã giao dịch Tiki", "Amount|Số tiền", "Outcome|Kết quả");
            foreach (var entry in recent)
            {
                html.RowStart().Cell().Time(entry.At, page.Now).CellEnd().Cell().Link(page.Link("/refunds/request/" + Uri.EscapeDataString(entry.RequestId)), entry.RequestId, code: true).CellEnd()
                    .Cell().Link(page.Link("/ipn?q=" + Uri.EscapeDataString(entry.TikiTransactionId)), entry.TikiTransactionId, code: true).CellEnd().Cell("num").Amount(entry.Amount).CellEnd().Cell();
                Outcome(html, entry);
                html.CellEnd().RowEnd();
            }

            html.TableEnd();
        }

        var resolved = (await quarantine.ListAsync(includeResolved: true, Limit, cancellationToken).ConfigureAwait(false)).Where(e => e.ResolvedAt is not null).Take(20).ToArray();
        if (resolved.Length > 0)
        {
            html.Raw("<h2>Resolved from quarantine <small lang=\"vi\">Đã xử lý</small></h2>").TableStart("Request id", "Problem", "Resolved", "By", "What was done");
            foreach (var entry in resolved)
            {
                html.RowStart().Cell().Raw("<code>").Text(entry.RequestId ?? "(unreadable)").Raw("</code>").CellEnd().Cell().Text(entry.Problem).CellEnd()
                    .Cell().Time(entry.ResolvedAt, page.Now).CellEnd().Cell().Text(entry.ResolvedBy).CellEnd().Cell().Text(entry.Resolution).CellEnd().RowEnd();
            }

            html.TableEnd();
        }

        return page.Render("/refunds", "Refunds", html);
    }

    internal static void Outcome(HtmlWriter html, RefundHistoryEntry entry)
    {
        var (tone, text) = entry.Outcome switch
        {
            RefundOutcome.Accepted => (Tone.Ok, "Refunded (200)"),
            RefundOutcome.Duplicate => (Tone.Ok, "Retry of a completed refund: answered 200 again"),
            RefundOutcome.InProgress => (Tone.Warn, "Still running elsewhere: Tiki retries"),
            RefundOutcome.Conflict => (Tone.Bad, "Request id reused for another refund (409)"),
            RefundOutcome.Failed => (Tone.Bad, "Not refunded: Tiki retries"),
            RefundOutcome.StoreUnavailable => (Tone.Bad, "Store unavailable: Tiki retries"),
            RefundOutcome.ExceedsTransactionAmount => (Tone.Bad, "More than was paid: quarantined, Tiki retries"),
            _ => (Tone.None, entry.Outcome.ToString()),
        };
        html.Badge(tone, text);
        if (entry.Detail is { } detail)
        {
            html.Raw(" ").Text(detail);
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}
