using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One IPN's story: what it reports, every call made to Tiki for it and what Tiki answered, and its transaction elsewhere.</summary>
internal static class IpnStoryPage
{
    public static async Task<IResult> RenderAsync(OperationsPage page, long id, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        var title = "IPN " + id.ToString(CultureInfo.InvariantCulture);
        html.Raw("<h2>").Text(title).Raw(" <small lang=\"vi\">Lịch sử IPN</small></h2>");
        if (page.Services.GetService<IIpnOutbox>() is not { } outbox || await outbox.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            html.Raw("<p class=\"note\">There is no IPN with this number in the outbox. <a").Attribute("href", page.Link("/ipn")).Raw(">Search the outbox</a></p>");
            return page.Render("/ipn", title, html, StatusCodes.Status404NotFound);
        }

        html.TableStart("Tiki transaction|Mã giao dịch Tiki", "Partner transaction|Mã giao dịch đối tác", "Amount|Số tiền", "Status sent|Trạng thái gửi", "State", "Rounds", "Queued", "Updated", "Completed");
        html.RowStart().Cell().Raw("<code>").Text(entry.TikiTransactionId).Raw("</code>").CellEnd().Cell().Raw("<code>").Text(entry.TransactionId).Raw("</code>").CellEnd()
            .Cell("num").Amount(entry.Amount).CellEnd().Cell().Text(entry.Status.ToString()).CellEnd().Cell();
        IpnPage.StateBadge(html, entry);
        html.CellEnd().Cell("num").Text(entry.Attempts).CellEnd().Cell().Time(entry.CreatedAt, page.Now).CellEnd().Cell().Time(entry.UpdatedAt, page.Now).CellEnd()
            .Cell().Time(entry.CompletedAt, page.Now).CellEnd().RowEnd().TableEnd();

        html.Raw("<p><b>What to do:</b> ").Text(IpnPage.WhatToDo(entry)).Raw("</p>");
        if (entry.LastError is { } error)
        {
            html.Raw("<p class=\"error\">Last failure: <code>").Text(error).Raw("</code></p>");
        }

        IpnPage.WriteRetry(html, page, entry);

        var attempts = await outbox.GetAttemptsAsync(id, cancellationToken).ConfigureAwait(false);
        html.Raw("<h2 id=\"attempts\">Calls to Tiki <small lang=\"vi\">Các lần gọi Tiki</small></h2>");
        if (attempts.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Raw(entry.State == IpnOutboxState.Pending, "Not sent yet: it waits for its first round.", "No call is recorded (the entry was settled before calls were kept).").Raw("</p>");
        }
        else
        {
            html.TableStart("Round", "Try", "Call", "When", "Took", "HTTP", "Tiki's code", "Result", "Instance");
            foreach (var attempt in attempts)
            {
                html.RowStart().Cell("num").Text(attempt.Round).CellEnd().Cell("num").Text(attempt.Try?.ToString(CultureInfo.InvariantCulture) ?? "—").CellEnd()
                    .Cell().Raw(attempt.Kind == IpnOutboxAttemptKind.Lookup, "Status lookup", "IPN").CellEnd()
                    .Cell().Time(attempt.At, page.Now).CellEnd().Cell("num").Text((long)attempt.Duration.TotalMilliseconds).Raw(" ms").CellEnd()
                    .Cell("num").Text(attempt.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "—").CellEnd()
                    .Cell("num").Text(attempt.TikiCode?.ToString(CultureInfo.InvariantCulture) ?? "—").CellEnd().Cell()
                    .Badge(attempt.Succeeded ? Tone.Ok : Tone.Bad, attempt.Succeeded ? "ok" : "failed").Raw(" ").Text(attempt.Result).CellEnd()
                    .Cell().Raw("<code>").Text(attempt.Instance).Raw("</code>").CellEnd().RowEnd();
            }

            html.TableEnd();
            html.Raw("<p class=\"muted\">One row per HTTP attempt. A round is one go through Tiki's flow (the IPN, then a status lookup when its fate is unknown); within a call the client retries a failed try at once, and the next round comes after a backoff.</p>");
        }

        await TransactionLinks.WriteAsync(html, page, entry.TikiTransactionId, entry.CreatedAt, cancellationToken).ConfigureAwait(false);
        return page.Render("/ipn", title, html);
    }
}
