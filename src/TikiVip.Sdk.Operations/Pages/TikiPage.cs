using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Operations.Views;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>Tiki as this instance sees it: the SDK's own call metrics, the last hour per operation and the last 24 hours by hour.</summary>
internal static class TikiPage
{
    public static Task<IResult> RenderAsync(OperationsPage page)
    {
        var options = page.Services.GetRequiredService<IOptionsMonitor<TikiVipOptions>>().CurrentValue;
        var statistics = page.Services.GetRequiredService<CallStatistics>();
        var environment = options.BaseAddress is null ? options.Environment.ToString()! : "custom address";
        return page.RenderAsync<TikiView>(new Model(environment, options.ResolveBaseAddress().ToString(), statistics.Snapshot(), statistics.ByHour()));
    }

    /// <summary>Where Tiki is, the last hour per operation, and the last 24 hours by hour (an hour without calls stays, so a gap shows).</summary>
    internal sealed record Model(string Environment, string Address, IReadOnlyList<OperationStatistics> Operations, IReadOnlyList<HourStatistics> Hours);

    internal static Tone ErrorTone(double rate) => rate == 0 ? Tone.Ok : rate < 0.05 ? Tone.Warn : Tone.Bad;

    internal static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A percentile as the upper bound of its latency bucket.</summary>
    internal static string Bound(double? milliseconds) => milliseconds switch
    {
        null => "—",
        double.PositiveInfinity => "> " + CallStatistics.LatencyBoundsMs[^1].ToString("N0", CultureInfo.InvariantCulture) + " ms",
        { } ms => "≤ " + ms.ToString("N0", CultureInfo.InvariantCulture) + " ms",
    };
}
