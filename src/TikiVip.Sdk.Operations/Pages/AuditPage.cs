using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Audit;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The audit trail: who did what on this page, when, and how it ended, newest first.</summary>
internal static class AuditPage
{
    internal const int Limit = 100;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        html.Raw("<h2>Audit trail <small lang=\"vi\">Nhật ký thao tác</small></h2>");
        var trail = page.Services.GetRequiredService<IOperationsAuditTrail>();
        if (trail is ITikiVipStore { IsSharedByInstances: false })
        {
            html.Raw("<p class=\"note\">In memory: the actions taken on this instance since it started. <code>UsePostgreSql</code> keeps every instance's, for good.</p>");
        }

        var query = page.Context.Request.Query;
        var search = query["q"].ToString().Trim();
        var before = long.TryParse(query["before"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await trail.QueryAsync(new OperationsAuditQuery { Search = search, Before = before, Limit = Limit }, cancellationToken).ConfigureAwait(false);
        html.Raw("<form class=\"inline\" method=\"get\"").Attribute("action", page.Link("/audit")).Raw(" style=\"margin:.8rem 0\"><label>Who or what <input name=\"q\" placeholder=\"user, or e.g. IPN 42\"")
            .Attribute("value", search).Raw("></label><button type=\"submit\">Find</button></form>");
        if (found.Entries.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Raw(search.Length > 0, "No action matches.", "No action was taken on this page yet.").Raw("</p>");
            return page.Render("/audit", "Audit trail", html);
        }

        html.TableStart("When", "Who", "Action", "On", "Outcome", "Detail");
        foreach (var entry in found.Entries)
        {
            var (tone, text) = entry.Outcome switch
            {
                OperationsAuditOutcome.Done => (Tone.Ok, "done"),
                OperationsAuditOutcome.Refused => (Tone.Warn, "refused"),
                _ => (Tone.Bad, "failed"),
            };
            html.RowStart().Cell().Time(entry.At, page.Now).CellEnd().Cell().Text(entry.Actor).CellEnd().Cell().Text(entry.Action).CellEnd().Cell();
            TargetLink(html, page, entry.Target);
            html.CellEnd().Cell().Badge(tone, text).CellEnd().Cell().Text(entry.Detail).CellEnd().RowEnd();
        }

        html.TableEnd();
        if (found.NextBefore is { } next)
        {
            html.Raw("<p><a").Attribute("href", page.Link($"/audit?q={Uri.EscapeDataString(search)}&before={next}")).Raw(">older actions</a></p>");
        }

        return page.Render("/audit", "Audit trail", html);
    }

    /// <summary>An IPN or a reconciliation day is linked to its page; other targets are shown as text.</summary>
    private static void TargetLink(HtmlWriter html, OperationsPage page, string target)
    {
        if (OperationsAudit.TryParseIpn(target, out var id))
        {
            html.Link(page.Link("/ipn/" + id.ToString(CultureInfo.InvariantCulture)), target);
        }
        else if (OperationsAudit.TryParseDay(target, out var day))
        {
            html.Link(page.Link("/reconciliation/" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), target);
        }
        else
        {
            html.Text(target);
        }
    }
}
