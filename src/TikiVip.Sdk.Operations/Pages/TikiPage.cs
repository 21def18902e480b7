using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Tiki as this instance sees it: the SDK's own call metrics, the last hour per operation and the last 24 hours by hour.</summary>
internal static class TikiPage
{
    public static IResult Render(OperationsPage page)
    {
        var html = new HtmlWriter();
        var options = page.Services.GetRequiredService<IOptionsMonitor<TikiVipOptions>>().CurrentValue;
        html.Raw("<h2>Tiki <small lang=\"vi\">Kết nối Tiki</small></h2><p>Environment <b>").Text(options.BaseAddress is null ? options.Environment.ToString() : "custom address").Raw("</b>, ")
            .Raw("<code>").Text(options.ResolveBaseAddress().ToString()).Raw("</code>. ")
            .Raw("<span class=\"muted\">From the SDK's own metrics (<code>tikivip.client.duration</code>) on this instance, over the last hour; a call counts once, with its retries. Cancelled calls are the caller's and are left out of the error rate.</span></p>");
        var statistics = page.Services.GetRequiredService<CallStatistics>();
        WriteTable(html, page, statistics.Snapshot());
        WriteHours(html, statistics.ByHour());
        return page.Render("/tiki", "Tiki", html);
    }

    /// <summary>The last 24 hours by hour, newest first; an hour without calls stays in the table, so a gap shows.</summary>
    private static void WriteHours(HtmlWriter html, IReadOnlyList<HourStatistics> hours)
    {
        html.Raw("<h2 id=\"hours\">Last 24 hours <small lang=\"vi\">24 giờ qua</small></h2>");
        html.TableStart("Hour (Vietnam)|Giờ", "Calls, retries included", "Failures", "Error rate|Tỷ lệ lỗi", "Latency p95|Độ trễ");
        foreach (var hour in hours)
        {
            var local = hour.Start.ToOffset(Reconciliation.VietnamCalendar.Offset);
            html.RowStart().Cell().Text(local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)).CellEnd().Cell("num").Text(hour.Calls).CellEnd()
                .Cell("num").Text(hour.Failures).CellEnd().Cell("num");
            if (hour.ErrorRate is { } rate)
            {
                html.Toned(rate == 0 ? Tone.Ok : rate < 0.05 ? Tone.Warn : Tone.Bad, (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%");
            }
            else
            {
                html.Raw("<span class=\"muted\">—</span>");
            }

            html.CellEnd().Cell("num").Text(Bound(hour.P95Milliseconds)).CellEnd().RowEnd();
        }

        html.TableEnd();
    }

    internal static void WriteTable(HtmlWriter html, OperationsPage page, IReadOnlyList<OperationStatistics> operations)
    {
        if (operations.Count == 0)
        {
            html.Raw("<p class=\"muted\">No call to Tiki from this instance in the last hour.</p>");
            return;
        }

        html.TableStart("Operation", "Calls, retries included", "Error rate|Tỷ lệ lỗi", "Latency p50 / p95|Độ trễ", "Average", "Last success", "Last failure");
        foreach (var operation in operations)
        {
            html.RowStart().Cell().Text(operation.Operation).CellEnd().Cell("num").Text(operation.Calls).CellEnd().Cell("num");
            if (operation.ErrorRate is { } rate)
            {
                html.Toned(rate == 0 ? Tone.Ok : rate < 0.05 ? Tone.Warn : Tone.Bad, (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%")
                    .Raw(" <span class=\"muted\">(").Text(operation.Failures).Raw(")</span>");
            }
            else
            {
                html.Raw("<span class=\"muted\">—</span>");
            }

            html.CellEnd().Cell("num").Text(Bound(operation.P50Milliseconds)).Raw(" / ").Text(Bound(operation.P95Milliseconds)).CellEnd()
                .Cell("num").Text(operation.AverageMilliseconds is { } average ? average.ToString("N0", CultureInfo.InvariantCulture) + " ms" : "—").CellEnd()
                .Cell().Time(operation.LastSuccess, page.Now).CellEnd().Cell().Time(operation.LastFailure, page.Now);
            if (operation.LastErrorType is { } error)
            {
                html.Raw(" <code>").Text(error).Raw("</code>");
            }

            html.CellEnd().RowEnd();
        }

        html.TableEnd();
    }

    /// <summary>A percentile as the upper bound of its latency bucket.</summary>
    private static string Bound(double? milliseconds) => milliseconds switch
    {
        null => "—",
        double.PositiveInfinity => "> " + CallStatistics.LatencyBoundsMs[^1].ToString("N0", CultureInfo.InvariantCulture) + " ms",
        { } ms => "≤ " + ms.ToString("N0", CultureInfo.InvariantCulture) + " ms",
    };
}
