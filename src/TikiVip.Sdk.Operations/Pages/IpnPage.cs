using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The IPN outbox: counts by state, the oldest pending entry, and the entries with what to do about them.</summary>
internal static class IpnPage
{
    internal const int Limit = 200;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        html.Raw("<h2>IPN outbox <small lang=\"vi\">Thông báo thanh toán (IPN)</small></h2>");
        var outbox = page.Services.GetService<IIpnOutbox>();
        if (outbox is null)
        {
            html.Raw("<p class=\"note\">No IPN outbox: this application calls <code>SubmitIpnAsync</code> directly, so a failed IPN is reported to the code that sent it. ")
                .Raw("The outbox, which keeps every IPN until Tiki has it and lets you retry it here, comes with <code>UsePostgreSql</code>. The <a")
                .Attribute("href", page.Link("/tiki")).Raw(">Tiki</a> page shows this instance's IPN calls.</p>");
            return page.Render("/ipn", "IPN outbox", html);
        }

        var query = page.Context.Request.Query;
        var state = ParseState(query["state"].ToString());
        var filter = IpnFilter.From(query["q"].ToString(), query["action"].ToString());
        var search = filter.TransactionId;
        var summary = await outbox.GetSummaryAsync(cancellationToken).ConfigureAwait(false);
        WriteSummary(html, page, summary);

        html.Raw("<form class=\"inline\" method=\"get\"").Attribute("action", page.Link("/ipn")).Raw(" style=\"margin:.8rem 0\"><label>State <select name=\"state\">");
        foreach (var (value, label) in new[] { ("", "Recently changed"), ("failed", "Failed"), ("pending", "Pending"), ("confirmed", "Confirmed by lookup"), ("delivered", "Delivered") })
        {
            html.Raw("<option").Attribute("value", value).Raw(value == query["state"].ToString(), " selected>", ">").Text(label).Raw("</option>");
        }

        html.Raw("</select></label><label>Tiki's advice <select name=\"action\"><option value=\"\">Any</option>");
        foreach (var (action, label) in IpnFilter.Advice)
        {
            html.Raw("<option").Attribute("value", action.ToString()).Raw(action == filter.Action, " selected>", ">").Text(label).Raw("</option>");
        }

        html.Raw("</select></label><label>Transaction <input name=\"q\" placeholder=\"Tiki or partner id\"").Attribute("value", search)
            .Raw("></label><button type=\"submit\">Filter</button></form>");
        if (state == IpnOutboxState.Failed && (await filter.CountFailedAsync(outbox, cancellationToken).ConfigureAwait(false)).Retryable is > 0 and var retryable)
        {
            html.Raw("<p><a").Attribute("href", page.Link("/ipn/retry-failed?" + filter.QueryString)).Raw(">Retry all ").Text(retryable)
                .Raw(retryable == 1, " failed IPN", " failed IPNs").Raw(" matching this filter…</a> <small class=\"muted\">asks for confirmation first</small></p>");
        }

        // Searched, filtered and paged by the store (keyset on the id), so an entry is found whatever its age.
        var before = long.TryParse(query["before"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await outbox.QueryAsync(filter.Query(state, before, Limit), cancellationToken).ConfigureAwait(false);
        var entries = found.Entries;

        html.Raw("<p class=\"muted\">").Text(entries.Count).Raw(entries.Count == 1, " entry", " entries")
            .Raw(search.Length > 0, " of this transaction", "").Raw(", newest first");
        if (found.NextBefore is { } next)
        {
            html.Raw(" · <a").Attribute("href", page.Link($"/ipn?state={query["state"]}&{filter.QueryString}&before={next}")).Raw(">older entries</a>");
        }

        html.Raw("</p>");
        html.TableStart("#", "Tiki transaction|Mã giao dịch Tiki", "Partner transaction|Mã giao dịch đối tác", "Amount|Số tiền", "Status sent|Trạng thái gửi",
            "State", "Attempts", "Queued / updated", "Last error and what to do", "");
        foreach (var entry in entries)
        {
            var story = page.Link("/ipn/" + entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            html.RowStart().Cell("num").Link(story, entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).CellEnd().Cell().Link(story, entry.TikiTransactionId, code: true).CellEnd()
                .Cell().Raw("<code>").Text(entry.TransactionId).Raw("</code>").CellEnd().Cell("num").Amount(entry.Amount).CellEnd()
                .Cell().Text(entry.Status.ToString()).CellEnd().Cell();
            StateBadge(html, entry);
            html.CellEnd().Cell("num").Text(entry.Attempts).CellEnd().Cell().Time(entry.CreatedAt, page.Now).Raw("<br>").Time(entry.UpdatedAt, page.Now);
            if (entry.State == IpnOutboxState.Pending)
            {
                html.Raw("<br><span class=\"muted\">next attempt ").Text(HtmlWriter.Ago(page.Now - entry.NextAttemptAt)).Raw("</span>");
            }

            html.CellEnd().Cell();
            if (entry.LastError is { } error)
            {
                html.Raw("<code>").Text(error).Raw("</code><br>");
            }

            html.Text(WhatToDo(entry)).CellEnd().Cell();
            WriteRetry(html, page, entry);
            html.CellEnd().RowEnd();
        }

        html.TableEnd();
        return page.Render("/ipn", "IPN outbox", html);
    }

    /// <summary>The confirmation of a bulk retry: how many failed IPNs the filter matches now, and what retrying them does.</summary>
    public static async Task<IResult> RenderRetryFailedAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        html.Raw("<h2>Retry failed IPNs <small lang=\"vi\">Gửi lại IPN thất bại</small></h2>");
        if (page.Services.GetService<IIpnOutbox>() is not { } outbox)
        {
            html.Raw("<p class=\"note\">No IPN outbox: it comes with <code>UsePostgreSql</code>.</p>");
            return page.Render("/ipn", "Retry failed IPNs", html, StatusCodes.Status404NotFound);
        }

        var filter = IpnFilter.From(page.Context.Request.Query["q"].ToString(), page.Context.Request.Query["action"].ToString());
        var (count, refusedForGood) = await filter.CountFailedAsync(outbox, cancellationToken).ConfigureAwait(false);
        html.Raw("<p>Filter: ").Text(filter.Describe()).Raw(". <a").Attribute("href", page.Link("/ipn?state=failed&" + filter.QueryString)).Raw(">See them</a></p>");
        if (refusedForGood > 0)
        {
            html.Raw("<p class=\"note\">").Text(refusedForGood).Raw(refusedForGood == 1, " IPN Tiki refused for good is", " IPNs Tiki refused for good are")
                .Raw(" left alone: sending them again means nothing until Tiki says the transaction is fixed. Retry those one by one from their own page.</p>");
        }

        if (count == 0)
        {
            html.Raw("<p class=\"ok\">No failed IPN that can be retried matches this filter.</p>");
            return page.Render("/ipn", "Retry failed IPNs", html);
        }

        html.Raw("<p><b>").Text(count).Raw(count == 1, " failed IPN", " failed IPNs").Raw("</b> will be queued for delivery now and go through Tiki's flow again from the first round: sent, retried, and looked up if they still fail.</p>");
        page.FormStart(html, "/ipn/retry-failed");
        html.Raw("<input type=\"hidden\" name=\"q\"").Attribute("value", filter.TransactionId).Raw("><input type=\"hidden\" name=\"action\"").Attribute("value", filter.Action?.ToString())
            .Raw("><input type=\"hidden\" name=\"expected\"").Attribute("value", count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Raw("><button type=\"submit\">Retry ").Text(count).Raw(count == 1, " failed IPN", " failed IPNs").Raw("</button></form>");
        return page.Render("/ipn", "Retry failed IPNs", html);
    }

    internal static void WriteSummary(HtmlWriter html, OperationsPage page, IpnOutboxSummary summary)
    {
        if (summary.TikiUnreachableSince is { } down)
        {
            html.Raw("<p class=\"error\" id=\"tiki-unreachable\"><b>Tiki unreachable since ").Time(down, page.Now)
                .Raw("</b>. IPNs wait in the outbox and are sent once Tiki answers; one probe at a time checks meanwhile. Nothing to do unless it lasts.</p>");
        }

        html.Raw("<div class=\"cards\">");
        Card(html, page, "pending", "Pending", "Đang chờ", summary, summary.Pending, summary.Pending > 0 ? Tone.Warn : Tone.None);
        Card(html, page, "failed", "Failed: needs a person", "Thất bại", summary, summary.Failed, summary.Failed > 0 ? Tone.Bad : Tone.Ok);
        Card(html, page, "confirmed", "Confirmed by lookup", "Đã xác nhận", summary, summary.ConfirmedByLookup, Tone.None);
        Card(html, page, "delivered", "Delivered", "Đã gửi", summary, summary.Delivered, Tone.Ok);
        html.Raw("<div class=\"card\">Oldest pending<b style=\"font-size:1rem\">");
        if (summary.OldestPendingSince is { } since)
        {
            html.Toned(page.Now - since > TimeSpan.FromMinutes(15) ? Tone.Bad : Tone.Warn, HtmlWriter.Ago(page.Now - since));
        }
        else
        {
            html.Raw("<span class=\"ok\">none</span>");
        }

        html.Raw("</b></div></div>");
    }

    private static void Card(HtmlWriter html, OperationsPage page, string state, string label, string vietnamese, IpnOutboxSummary summary, long count, Tone tone)
    {
        html.Raw("<div class=\"card\"><a").Attribute("href", page.Link("/ipn?state=" + state)).Raw(">").Text(label)
            .Raw(" <small class=\"muted\" lang=\"vi\">").Text(vietnamese).Raw("</small><b class=\"").Class(tone).Raw("\">").Text(count)
            .Raw(summary.IsAtLeast(count), "+", "").Raw("</b></a></div>");
    }

    /// <summary>The retry of a failed entry, said as what it is when Tiki refused it for good.</summary>
    internal static void WriteRetry(HtmlWriter html, OperationsPage page, IpnOutboxEntry entry)
    {
        if (entry.State != IpnOutboxState.Failed)
        {
            return;
        }

        var action = $"/ipn/{entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}/retry";
        if (entry.RecommendedAction == TikiVipRecommendedAction.RefundCustomer)
        {
            // Retrying would send the IPN Tiki refused once more: offered only as what it is.
            html.Raw("<small class=\"muted\">Retrying sends the same IPN again; Tiki refused it, so do it only after Tiki says the transaction is fixed.</small>");
            page.FormStart(html, action);
            html.Raw("<button type=\"submit\" class=\"secondary\">Send again anyway</button></form>");
        }
        else
        {
            page.FormStart(html, action);
            html.Raw("<button type=\"submit\">Retry now</button></form>");
        }
    }

    internal static void StateBadge(HtmlWriter html, IpnOutboxEntry entry)
    {
        var (tone, text) = entry.State switch
        {
            IpnOutboxState.Delivered => (Tone.Ok, "Delivered"),
            IpnOutboxState.ConfirmedByLookup => (Tone.Ok, "Confirmed by lookup: " + entry.TikiStatus),
            IpnOutboxState.Failed => (Tone.Bad, "Failed"),
            _ => (Tone.Warn, "Pending"),
        };
        html.Badge(tone, text);
    }

    /// <summary>Tiki's recommended action, kept by the outbox in a field of its own, said as an instruction.</summary>
    internal static string WhatToDo(IpnOutboxEntry entry)
    {
        if (entry.State == IpnOutboxState.Delivered)
        {
            return "Nothing: Tiki has it.";
        }

        if (entry.State == IpnOutboxState.ConfirmedByLookup)
        {
            return "Nothing to resend: Tiki's lookup shows the transaction; check that its status matches yours.";
        }

        var action = entry.RecommendedAction;
        var advice = action switch
        {
            TikiVipRecommendedAction.CheckRequest => "Tiki says the request is wrong: fix the payment's data, then retry.",
            TikiVipRecommendedAction.RefundCustomer => "Tiki will not honour this payment: refund the customer and do not deliver the service. Do not retry.",
            TikiVipRecommendedAction.CheckTransactionId => "Tiki does not know this transaction id (or it is another partner's): check it, then retry.",
            TikiVipRecommendedAction.CheckCredentials => "Tiki refused the credentials or signature: check the client id, secret and server clock, then retry.",
            TikiVipRecommendedAction.Retry => "Transient: the SDK retries by itself.",
            TikiVipRecommendedAction.LookUpAgain => "Tiki has the transaction as PENDING: the SDK looks it up again; neither deliver nor refund yet.",
            _ => "See the error.",
        };
        return entry.State == IpnOutboxState.Failed && action is TikiVipRecommendedAction.Retry or TikiVipRecommendedAction.None
            ? "Tiki could not be reached and the lookup did not find it: retry now once Tiki answers again."
            : advice;
    }

    private static IpnOutboxState? ParseState(string value) => value switch
    {
        "pending" => IpnOutboxState.Pending,
        "delivered" => IpnOutboxState.Delivered,
        "confirmed" => IpnOutboxState.ConfirmedByLookup,
        "failed" => IpnOutboxState.Failed,
        _ => null,
    };
}
