using System.Diagnostics.Metrics;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>
/// The SDK's instruments, on a meter from the host's <see cref="IMeterFactory"/>: each service provider (each
/// test) has its own, and the host's metric configuration applies to it. Tags follow OpenTelemetry naming:
/// the SDK's own are prefixed <c>tikivip.</c>, failures carry <c>error.type</c>.
/// </summary>
internal sealed class TikiVipMetrics
{
    public const string OperationTag = TikiVipDiagnostics.OperationTag;
    public const string OutcomeTag = TikiVipDiagnostics.OutcomeTag;
    public const string RetryReasonTag = TikiVipDiagnostics.RetryReasonTag;
    public const string ErrorTypeTag = TikiVipDiagnostics.ErrorTypeTag;
    public const string SignatureFormTag = TikiVipDiagnostics.SignatureFormTag;

    public TikiVipMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(new MeterOptions(TikiVipDiagnostics.Name));
        Requests = meter.CreateCounter<long>(TikiVipDiagnostics.ClientRequests, "{request}", "Calls to Tiki VIP, by operation and outcome; failures by error.type.");
        Retries = meter.CreateCounter<long>(TikiVipDiagnostics.ClientRetries, "{retry}", "Retried attempts of calls to Tiki VIP, by operation and reason.");
        Duration = meter.CreateHistogram<double>(TikiVipDiagnostics.ClientDuration, "s", "Duration of calls to Tiki VIP including retries.");
        Refunds = meter.CreateCounter<long>(TikiVipDiagnostics.Refunds, "{refund}", "Refund callbacks received, by outcome; rejections and failures by error.type.");
        RefundSignatures = meter.CreateCounter<long>(TikiVipDiagnostics.RefundSignatures, "{refund}", "Authentic refund callbacks, by the form Tiki signed them in (tikivip.signature.form).");
    }

    public Counter<long> RefundSignatures { get; }

    public void CountRefundSignature(string form)
    {
        if (RefundSignatures.Enabled) // nobody listening: skip the tag on every accepted refund
        {
            RefundSignatures.Add(1, new KeyValuePair<string, object?>(SignatureFormTag, form));
        }
    }

    public Counter<long> Requests { get; }

    public Counter<long> Retries { get; }

    public Histogram<double> Duration { get; }

    public Counter<long> Refunds { get; }

    public void CountCall(TikiVipOperation operation, string outcome, string? errorType, double seconds)
    {
        if (!Requests.Enabled && !Duration.Enabled)
        {
            return; // nobody listens: skip building the tags
        }

        var name = OperationName(operation);
        if (errorType is null)
        {
            Requests.Add(1, new(OperationTag, name), new(OutcomeTag, outcome));
            Duration.Record(seconds, new KeyValuePair<string, object?>(OperationTag, name), new(OutcomeTag, outcome));
        }
        else
        {
            Requests.Add(1, new(OperationTag, name), new(OutcomeTag, outcome), new(ErrorTypeTag, errorType));
            Duration.Record(seconds, new(OperationTag, name), new(OutcomeTag, outcome), new(ErrorTypeTag, errorType));
        }
    }

    public void CountRefund(string outcome, string? errorType)
    {
        if (errorType is null)
        {
            Refunds.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
        else
        {
            Refunds.Add(1, new(OutcomeTag, outcome), new(ErrorTypeTag, errorType));
        }
    }

    /// <summary>Cached names: an enum's ToString allocates on every call.</summary>
    public static string OperationName(TikiVipOperation operation) => operation switch
    {
        TikiVipOperation.SubmitIpn => nameof(TikiVipOperation.SubmitIpn),
        TikiVipOperation.GetTransaction => nameof(TikiVipOperation.GetTransaction),
        TikiVipOperation.CreateWebview => nameof(TikiVipOperation.CreateWebview),
        _ => "unknown",
    };
}
