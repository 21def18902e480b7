using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The daily reconciliation: one row per day, and a day's files and mismatches (read through the job, which owns them).</summary>
internal static class ReconciliationPage
{
    internal const int Days = 31;
    internal const int MismatchRowsShown = 100;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        if (page.Services.GetService<ReconciliationJob>() is not { } job)
        {
            return await page.RenderAsync<ReconciliationView>(new Model(HasJob: false, InMemory: false, default, new Dictionary<DateOnly, ReconciliationRun>())).ConfigureAwait(false);
        }

        var inMemory = page.Services.GetRequiredService<IReconciliationRunStore>() is ITikiVipStore { IsSharedByInstances: false };
        var today = VietnamCalendar.Today(page.Now);
        var runs = (await job.GetRunsAsync(today.AddDays(-Days), today, cancellationToken).ConfigureAwait(false)).ToDictionary(run => run.Date);
        return await page.RenderAsync<ReconciliationView>(new Model(HasJob: true, inMemory, today, runs)).ConfigureAwait(false);
    }

    public static async Task<IResult> RenderDayAsync(OperationsPage page, DateOnly day, CancellationToken cancellationToken)
    {
        var job = page.Services.GetService<ReconciliationJob>();
        var run = await FindAsync(job, day, cancellationToken).ConfigureAwait(false);
        // A past day with the job set up is a day a person can act on.
        var canRunNow = job is not null && day < VietnamCalendar.Today(page.Now);
        var search = page.Context.Request.Query["q"].ToString().Trim();
        var done = run is null ? null : page.Context.Request.Query["done"].ToString() switch
        {
            "run" => "Delivery of this day was run now: " + (run.IsDelivered ? "it is on Tiki's server." : "it failed again; see the reason below."),
            "fetched" => "Tiki's results were fetched and this day compared again: "
                + (run.State == ReconciliationRunState.Matched ? $"{run.Mismatches:N0} mismatches." : "the comparison failed; see the reason below."),
            _ => null,
        };

        List<ReconciliationMismatch>? rows = null;
        if (job is not null && run is { Mismatches: > 0 } && job.OpenReport(run) is { } report)
        {
            rows = [];
            await using var reportScope = report.ConfigureAwait(false);
            await foreach (var mismatch in ReconciliationReport.ReadAsync(report, cancellationToken).ConfigureAwait(false))
            {
                if (rows.Count == MismatchRowsShown)
                {
                    break;
                }

                if (search.Length == 0 || Concerns(mismatch, search))
                {
                    rows.Add(mismatch);
                }
            }
        }

        var model = new DayModel(day, run, done, canRunNow, search, rows);
        return await page.RenderAsync<ReconciliationDayView>(model, run is null && !canRunNow ? StatusCodes.Status404NotFound : StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>The day's mismatch report as a CSV download, from the run's recorded report only (never a path from the request).</summary>
    public static async Task<IResult> DownloadReportAsync(OperationsPage page, DateOnly day, CancellationToken cancellationToken)
    {
        var job = page.Services.GetService<ReconciliationJob>();
        var run = await FindAsync(job, day, cancellationToken).ConfigureAwait(false);
        if (job is null || run?.ReportPath is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No mismatch report is recorded for {day:yyyy-MM-dd}.");
        }

        page.Context.Response.Headers.XContentTypeOptions = "nosniff"; // a CSV is never sniffed into something a browser runs
        page.Context.Response.Headers.CacheControl = "no-store";
        if (job.OpenReport(run) is not { } report)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The mismatch report is not on this instance.",
                detail: $"It was written on the instance whose work directory holds {Path.GetFileName(run.ReportPath)}; open the page there, or run the day again here.");
        }

        return Results.File(report, "text/csv; charset=utf-8", Path.GetFileName(run.ReportPath));
    }

    /// <summary>The list of days; <see cref="Today"/> is Vietnam's, the runs are those of the last <see cref="Days"/> days.</summary>
    internal sealed record Model(bool HasJob, bool InMemory, DateOnly Today, IReadOnlyDictionary<DateOnly, ReconciliationRun> Runs);

    /// <summary>
    /// A day: its run (<see langword="null"/> when none is recorded), the confirmation of an action just done, and
    /// the first rows of its mismatch report matching the search (<see langword="null"/> when the report is not here).
    /// </summary>
    internal sealed record DayModel(DateOnly Day, ReconciliationRun? Run, string? Done, bool CanRunNow, string Search, IReadOnlyList<ReconciliationMismatch>? Rows)
    {
        public string Id => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static async Task<ReconciliationRun?> FindAsync(ReconciliationJob? job, DateOnly day, CancellationToken cancellationToken) =>
        job is not null && await job.GetRunsAsync(day, day, cancellationToken).ConfigureAwait(false) is [var run, ..] ? run : null;

    /// <summary>The transaction's row in the day's mismatch report (by either id), or <see langword="null"/> when it has none or the report is not here.</summary>
    internal static async Task<ReconciliationMismatch?> FindMismatchAsync(ReconciliationJob job, ReconciliationRun run, string transactionId, CancellationToken cancellationToken)
    {
        if (run.Mismatches is not > 0 || job.OpenReport(run) is not { } report)
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

    internal static (Tone Tone, string Text) StateBadge(ReconciliationRun run) => run.State switch
    {
        ReconciliationRunState.Matched => (run.Mismatches > 0 ? Tone.Bad : Tone.Ok, "Compared"),
        ReconciliationRunState.Uploaded => (Tone.Ok, "Delivered"),
        ReconciliationRunState.Written => (Tone.Warn, "Written, not uploaded"),
        ReconciliationRunState.Failed => (Tone.Bad, run.IsDelivered ? "Delivered; last step failed" : "Failed"),
        _ => (Tone.Warn, "Started"),
    };
}
