namespace TikiVip.Sdk.Refunds;

/// <summary>
/// One delivery's claim on a refund request id, from <see cref="IRefundIdempotencyStore.TryClaimAsync"/>. The
/// token identifies this run, so only this run can complete or release what it claimed, and a run whose claim
/// another run took over (after its lease ended) is detected and logged instead of passing silently.
/// </summary>
public sealed class RefundClaim
{
    /// <summary>Creates a claim (stores do this).</summary>
    /// <param name="requestId">Tiki's <c>request_id</c>.</param>
    /// <param name="status">What the store decided.</param>
    /// <param name="token">For <see cref="RefundClaimStatus.Claimed"/>, the store's identifier of this run; otherwise <see langword="null"/>.</param>
    /// <param name="alreadyRefunded">
    /// For <see cref="RefundClaimStatus.ExceedsTransactionAmount"/>, the sum of the refunds the store already holds
    /// (claimed or completed) for the same Tiki transaction; otherwise 0.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> is empty, or a claimed status has no token.</exception>
    public RefundClaim(string requestId, RefundClaimStatus status, string? token = null, long alreadyRefunded = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (status == RefundClaimStatus.Claimed && string.IsNullOrEmpty(token))
        {
            throw new ArgumentException("A claimed request id needs the token of the run that claimed it.", nameof(token));
        }

        RequestId = requestId;
        Status = status;
        Token = token;
        AlreadyRefunded = alreadyRefunded;
    }

    /// <summary>Tiki's <c>request_id</c>.</summary>
    public string RequestId { get; }

    /// <summary>What the store decided.</summary>
    public RefundClaimStatus Status { get; }

    /// <summary>The store's identifier of this run's claim, when <see cref="Status"/> is <see cref="RefundClaimStatus.Claimed"/>.</summary>
    public string? Token { get; }

    /// <summary>
    /// When <see cref="Status"/> is <see cref="RefundClaimStatus.ExceedsTransactionAmount"/>: what the store already
    /// holds as refunded (claimed or completed) for the same Tiki transaction, in VND.
    /// </summary>
    public long AlreadyRefunded { get; }
}
