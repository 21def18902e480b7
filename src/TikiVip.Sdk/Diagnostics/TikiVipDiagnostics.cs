using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>The SDK's tracing and metrics, both named <c>TikiVip.Sdk</c>.</summary>
public static class TikiVipDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "TikiVip.Sdk";

    internal static readonly ActivitySource ActivitySource = new(Name);
    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("tikivip.client.requests", "{request}", "Calls to Tiki VIP, by operation, outcome and failure reason.");

    internal static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("tikivip.client.retries", "{retry}", "Retried attempts of calls to Tiki VIP, by operation and reason.");

    internal static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("tikivip.client.duration", "s", "Duration of calls to Tiki VIP including retries.");

    internal static readonly Counter<long> Refunds =
        Meter.CreateCounter<long>("tikivip.refunds", "{refund}", "Refund callbacks received, by outcome and reason.");
}
