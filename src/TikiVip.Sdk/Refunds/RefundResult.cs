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
    /// <returns>The shared accepted result.</returns>
    public static RefundResult Accepted() => AcceptedResult;

    /// <summary>The refund could not be carried out now. Tiki is answered 500 and will try again; the handler will run again.</summary>
    /// <param name="reason">Why, for the partner's logs; never sent to Tiki.</param>
    /// <returns>A failed result: Tiki is answered 500 and retries.</returns>
    public static RefundResult Failed(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new RefundResult(false, reason);
    }
}
