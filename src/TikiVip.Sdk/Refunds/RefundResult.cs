namespace TikiVip.Sdk.Refunds;

/// <summary>What an <see cref="IRefundHandler"/> did with a refund.</summary>
public sealed class RefundResult
{
    private static readonly RefundResult AcceptedResult = new(true, null);

    private RefundResult(bool isAccepted, string? failureReason)
    {
        IsAccepted = isAccepted;
        FailureReason = failureReason;
    }

    /// <summary>Whether the refund was carried out (Tiki gets HTTP 200).</summary>
    public bool IsAccepted { get; }

    /// <summary>Why the refund failed (logged, not sent to Tiki), when <see cref="IsAccepted"/> is <see langword="false"/>.</summary>
    public string? FailureReason { get; }

    /// <summary>The refund was carried out. Tiki is answered 200 now and for every later duplicate.</summary>
    public static RefundResult Accepted() => AcceptedResult;

    /// <summary>The refund could not be carried out now. Tiki is answered 500 and will try again; the handler will run again.</summary>
    public static RefundResult Failed(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new RefundResult(false, reason);
    }
}
