using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The daily reconciliation: one row per day, and a day's files and mismatches.</summary>
internal static class ReconciliationPage
{
    internal const int Days = 31;
    internal const int MismatchRowsShown = 100;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        html.Raw("<h2>Reconciliation <small lang=\"vi\">Đối soát</small></h2>");
        if (page.Services.GetService<ReconciliationJob>() is not { } job)
        {
            html.Raw("<p class=\"note\">The daily reconciliation job is not set up in this application (<code>AddReconciliation</code>).</p>");
            return page.Render("/reconciliation", "Reconciliation", html);
        }

        if (page.Services.GetRequiredService<IReconciliationRunStore>() is ITikiVipStore { IsSharedByInstances: false })
        {
            html.Raw("<p class=\"note\">In memory: these are the runs this process made since it started; <code>UsePostgreSql</code> keeps every instance's.</p>");
        }

        var today = VietnamCalendar.Today(page.Now);
        var runs = (await job.GetRunsAsync(today.AddDays(-Days), today, cancellationToken).ConfigureAwait(false)).ToDictionary(run => run.Date);
        if (runs.Count == 0)
        {
            html.Raw("<p class=\"note\">No day was run in the last ").Text(Days).Raw(" days. The job delivers yesterday's file after its run time (Vietnam time); see the health check <code>tikivip-reconciliation</code>.</p>");
            return page.Render("/reconciliation", "Reconciliation", html);
        }

        // The job never goes back before the first day it recorded, so older days are not "missed".
        var first = runs.Keys.Min();
        html.Raw("<p class=\"muted\">One row per day (Vietnam time), newest first. A day is delivered once its files are on Tiki's server; Tiki's result files are then compared with yours.</p>")
            .TableStart("Day|Ngày", "State", "Mismatches|Chênh lệch", "Files", "Written", "Uploaded|Đã gửi", "Tiki's result compared", "Last error");
        for (var day = today.AddDays(-1); day >= first; day = day.AddDays(-1))
        {
            var id = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            html.RowStart(id: "day-" + id).Cell().Raw("<a").Attribute("href", page.Link("/reconciliation/" + id)).Raw(">").Text(id).Raw("</a>").CellEnd();
            if (!runs.TryGetValue(day, out var run))
            {
                html.Cell("warn", columns: 7).Raw("not run (due after the job's run time; a missed day is caught up at its next check)").CellEnd().RowEnd();
                continue;
            }

            html.Cell();
            StateBadge(html, run);
            html.CellEnd().Cell("num");
            Mismatches(html, page, run, id);
            html.CellEnd().Cell("num").Text(run.Files.Count).Raw(" (").Text(run.Files.Sum(f => f.RowCount)).Raw(" rows)").CellEnd()
                .Cell().Time(run.WrittenAt, page.Now).CellEnd().Cell().Time(run.UploadedAt, page.Now).CellEnd().Cell().Time(run.MatchedAt, page.Now).CellEnd()
                .Cell().Text(run.Error).CellEnd().RowEnd();
        }

        html.TableEnd();
        return page.Render("/reconciliation", "Reconciliation", html);
    }

    /// <summary>The action a person takes on a day that failed or never ran: the job's own delivery, now, under its day lease.</summary>
    private static bool WriteRunNow(HtmlWriter html, OperationsPage page, DateOnly day, [System.Diagnostics.CodeAnalysis.ConstantExpected] string label)
    {
        if (page.Services.GetService<ReconciliationJob>() is null || day >= VietnamCalendar.Today(page.Now))
        {
            return false;
        }

        page.FormStart(html, $"/reconciliation/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/run");
        html.Raw("<button type=\"submit\">").Raw(label).Raw("</button> <small class=\"muted\">writes the day's files from your records and uploads them, as the nightly job does; a file Tiki already has is not sent again</small></form>");
        return true;
    }

    public static async Task<IResult> RenderDayAsync(OperationsPage page, DateOnly day, CancellationToken cancellationToken)
    {
        var html = new HtmlWriter();
        var id = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        html.Raw("<h2>Reconciliation of ").Text(id).Raw(" <small lang=\"vi\">Đối soát ngày</small></h2>");
        var run = await FindAsync(page, day, cancellationToken).ConfigureAwait(false);
        if (page.Context.Request.Query["done"] == "run" && run is not null)
        {
            html.Raw("<p class=\"done\">Delivery of this day was run now: ").Text(run.IsDelivered ? "it is on Tiki's server." : "it failed again; see the reason below.").Raw("</p>");
        }
        else if (page.Context.Request.Query["done"] == "fetched" && run is not null)
        {
            html.Raw("<p class=\"done\">Tiki's results were fetched and this day compared again: ")
                .Text(run.State == ReconciliationRunState.Matched ? $"{run.Mismatches:N0} mismatches." : "the comparison failed; see the reason below.").Raw("</p>");
        }

        if (run is null)
        {
            // A past day with the job set up is a day a person can act on; anything else has nothing to show.
            html.Raw("<p class=\"note\">No run is recorded for this day.</p>");
            var actionable = WriteRunNow(html, page, day, "Deliver this day now");
            return page.Render("/reconciliation", "Reconciliation " + id, html, actionable ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
        }

        if (!run.IsDelivered)
        {
            _ = WriteRunNow(html, page, day, "Deliver again now");
        }

        html.Raw("<p>");
        StateBadge(html, run);
        html.Raw(" Written ").Time(run.WrittenAt, page.Now).Raw(", uploaded ").Time(run.UploadedAt, page.Now).Raw(", compared ").Time(run.MatchedAt, page.Now)
            .Raw(". Failed attempts: ").Text(run.FailedAttempts).Raw(".</p>");
        if (run.Error is { } error)
        {
            html.Raw("<p class=\"error\">").Text(error).Raw("</p>");
        }

        html.TableStart("File|Tệp", "Rows", "Bytes", "SHA-256");
        foreach (var file in run.Files)
        {
            html.RowStart().Cell().Raw("<code>").Text(file.Name).Raw("</code>").CellEnd().Cell("num").Text(file.RowCount).CellEnd()
                .Cell("num").Text(file.ByteCount).CellEnd().Cell().Raw("<code>").Text(file.Sha256).Raw("</code>").CellEnd().RowEnd();
        }

        html.TableEnd();
        if (run.IsDelivered)
        {
            page.FormStart(html, $"/reconciliation/{id}/fetch");
            html.Raw("<button type=\"submit\" class=\"secondary\">Fetch Tiki's results again</button> <small class=\"muted\">fetches Tiki's result files now and compares this day with your records again, e.g. after your records were fixed</small></form>");
        }

        var search = page.Context.Request.Query["q"].ToString().Trim();
        html.Raw("<h2 id=\"mismatches\">Mismatches <small lang=\"vi\">Chênh lệch</small></h2><p>");
        Mismatches(html, page, run, id);
        html.Raw("</p>");
        if (run.Mismatches > 0)
        {
            html.Raw("<form class=\"inline\" method=\"get\"").Attribute("action", page.Link("/reconciliation/" + id)).Raw("><label>Transaction <input name=\"q\" placeholder=\"Tiki or partner id\"")
                .Attribute("value", search).Raw("></label><button type=\"submit\">Find</button></form>");
        }
        if (run.Mismatches > 0 && ReportFile(run) is { } report)
        {
            await using var reportScope = report.ConfigureAwait(false);
            html.TableStart([.. ReconciliationReport.Header.Split(',')]);
            var shown = 0;
            await foreach (var mismatch in ReconciliationReport.ReadAsync(report, cancellationToken).ConfigureAwait(false))
            {
                if (shown == MismatchRowsShown)
                {
                    break;
                }

                if (search.Length > 0 && !Concerns(mismatch, search))
                {
                    continue;
                }

                html.RowStart(id: "tx-" + mismatch.TikiTransactionId);
                foreach (var value in ReconciliationReport.Values(mismatch))
                {
                    html.Cell().Text(value).CellEnd();
                }

                html.RowEnd();
                shown++;
            }

            html.TableEnd();
            if (search.Length > 0 && shown == 0)
            {
                html.Raw("<p class=\"muted\">This transaction is not among the day's mismatches.</p>");
            }
            else if (search.Length == 0 && run.Mismatches > shown)
            {
                html.Raw("<p class=\"muted\">The first ").Text(shown).Raw(" of ").Text(run.Mismatches.Value).Raw(" are shown; download the report for all.</p>");
            }
        }

        return page.Render("/reconciliation", "Reconciliation " + id, html);
    }

    /// <summary>The day's mismatch report as a CSV download, from the run's recorded path only (never a path from the request).</summary>
    public static async Task<IResult> DownloadReportAsync(OperationsPage page, DateOnly day, CancellationToken cancellationToken)
    {
        var run = await FindAsync(page, day, cancellationToken).ConfigureAwait(false);
        if (run?.ReportPath is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No mismatch report is recorded for {day:yyyy-MM-dd}.");
        }

        page.Context.Response.Headers.XContentTypeOptions = "nosniff"; // a CSV is never sniffed into something a browser runs
        page.Context.Response.Headers.CacheControl = "no-store";
        if (ReportFile(run) is not { } report)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The mismatch report is not on this instance.",
                detail: $"It was written on the instance whose work directory holds {Path.GetFileName(run.ReportPath)}; open the page there, or run the day again here.");
        }

        page.Context.Response.Headers.CacheControl = "no-store";
        return Results.File(report, "text/csv; charset=utf-8", Path.GetFileName(run.ReportPath));
    }

    private static async Task<ReconciliationRun?> FindAsync(OperationsPage page, DateOnly day, CancellationToken cancellationToken) =>
        page.Services.GetService<ReconciliationJob>() is { } job
            && await job.GetRunsAsync(day, day, cancellationToken).ConfigureAwait(false) is [var run, ..]
                ? run
                : null;

    /// <summary>The transaction's row in the day's mismatch report (by either id), or <see langword="null"/> when it has none or the report is not here.</summary>
    internal static async Task<ReconciliationMismatch?> FindMismatchAsync(ReconciliationRun run, string transactionId, CancellationToken cancellationToken)
    {
        if (run.Mismatches is not > 0 || ReportFile(run) is not { } report)
        {
            return null;
        }

        await using var reportScope = report.ConfigureAwait(false);
        await foreach (var mismatch in ReconciliationReport.ReadAsync(report, cancellationToken).ConfigureAwait(false))
        {
            if (Concerns(mismatch, transactionId))
            {
                return mismatch;
            }
        }

        return null;
    }

    private static bool Concerns(ReconciliationMismatch mismatch, string transactionId) =>
        string.Equals(mismatch.TikiTransactionId, transactionId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(mismatch.PartnerTransactionId, transactionId, StringComparison.OrdinalIgnoreCase);

    private static FileStream? ReportFile(ReconciliationRun run)
    {
        try
        {
            return run.ReportPath is { } path ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Mismatches(HtmlWriter html, OperationsPage page, ReconciliationRun run, string id)
    {
        if (run.Mismatches is not { } count)
        {
            html.Raw("<span class=\"muted\">").Text(run.IsDelivered ? "awaiting Tiki's result" : "—").Raw("</span>");
            return;
        }

        html.Badge(count == 0 ? Tone.Ok : Tone.Bad, count.ToString("N0", CultureInfo.InvariantCulture) + (count == 1 ? " mismatch" : " mismatches"));
        if (run.ReportPath is not null)
        {
            html.Raw(" <a").Attribute("href", page.Link($"/reconciliation/{id}/report")).Raw(">report (CSV)</a>");
        }
    }

    private static void StateBadge(HtmlWriter html, ReconciliationRun run)
    {
        var (tone, text) = run.State switch
        {
            ReconciliationRunState.Matched => (run.Mismatches > 0 ? Tone.Bad : Tone.Ok, "Compared"),
            ReconciliationRunState.Uploaded => (Tone.Ok, "Delivered"),
            ReconciliationRunState.Written => (Tone.Warn, "Written, not uploaded"),
            ReconciliationRunState.Failed => (Tone.Bad, run.IsDelivered ? "Delivered; last step failed" : "Failed"),
            _ => (Tone.Warn, "Started"),
        };
        html.Badge(tone, text);
    }
}
