using System.Diagnostics;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>The SDK's tracing and metrics, both named <c>TikiVip.Sdk</c>.</summary>
public static class TikiVipDiagnostics
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the meter (created through <c>IMeterFactory</c>).</summary>
    public const string Name = "TikiVip.Sdk";

    /// <summary>Counter of calls to Tiki, by <see cref="OperationTag"/> and <see cref="OutcomeTag"/>; failures by <see cref="ErrorTypeTag"/>.</summary>
    public const string ClientRequests = "tikivip.client.requests";

    /// <summary>Counter of retried attempts, by <see cref="OperationTag"/> and <see cref="RetryReasonTag"/>.</summary>
    public const string ClientRetries = "tikivip.client.retries";

    /// <summary>Histogram of call durations in seconds, retries included, with the same tags as <see cref="ClientRequests"/>.</summary>
    public const string ClientDuration = "tikivip.client.duration";

    /// <summary>Counter of refund callbacks, by <see cref="OutcomeTag"/>; rejections and failures by <see cref="ErrorTypeTag"/>.</summary>
    public const string Refunds = "tikivip.refunds";

    /// <summary>Counter of authentic refund callbacks, by <see cref="SignatureFormTag"/>.</summary>
    public const string RefundSignatures = "tikivip.refund.signatures";

    /// <summary>Gauge of the oldest pending IPN's age in seconds, as a delivering instance of the PostgreSQL outbox last saw it.</summary>
    public const string OutboxOldestPendingAge = "tikivip.outbox.oldest_pending.age";

    /// <summary>Gauge, 1 while the PostgreSQL outbox finds Tiki unreachable (it then only probes Tiki), else 0.</summary>
    public const string OutboxTikiUnreachable = "tikivip.outbox.tiki_unreachable";

    /// <summary>The operation tag: <c>SubmitIpn</c>, <c>GetTransaction</c> or <c>CreateWebview</c>.</summary>
    public const string OperationTag = "tikivip.operation";

    /// <summary>The outcome tag: for calls <see cref="SuccessOutcome"/>, <see cref="FailureOutcome"/> or <c>cancelled</c>.</summary>
    public const string OutcomeTag = "tikivip.outcome";

    /// <summary>The retry reason tag.</summary>
    public const string RetryReasonTag = "tikivip.retry.reason";

    /// <summary>The error type tag (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>The tag naming the form a refund callback was signed in, e.g. <c>x-tikivip/base64url</c>.</summary>
    public const string SignatureFormTag = "tikivip.signature.form";

    /// <summary>The <see cref="OutcomeTag"/> value of a call that succeeded.</summary>
    public const string SuccessOutcome = "success";

    /// <summary>The <see cref="OutcomeTag"/> value of a call that failed.</summary>
    public const string FailureOutcome = "failure";

    internal static readonly ActivitySource ActivitySource = new(Name);
}
