namespace TikiVip.Sdk.Refunds;

/// <summary>
/// Remembers refund request ids so each refund runs once, and the amounts refunded per Tiki transaction so that
/// refunds of one payment never add up to more than was paid. Every operation must be atomic across all the
/// instances that share the store.
/// </summary>
public interface IRefundIdempotencyStore
{
    /// <summary>
    /// Claims a refund's request id for processing, unless it is known already, and in the same atomic step
    /// reserves its <see cref="RefundRequest.RefundAmount"/> against its <see cref="RefundRequest.TikiTransactionId"/>:
    /// a new claim whose amount would take the transaction's claimed and completed refunds above
    /// <see cref="RefundRequest.TransactionAmount"/> is refused with <see cref="RefundClaimStatus.ExceedsTransactionAmount"/>.
    /// </summary>
    /// <param name="refund">The verified refund: its request id, Tiki transaction id and amounts.</param>
    /// <param name="fingerprint">A digest of the refund's content; the same id with another fingerprint is a conflict.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>Claimed (run the handler, then complete or release this claim), already completed, in progress elsewhere, a conflict, or over the amount paid.</returns>
    Task<RefundClaim> TryClaimAsync(RefundRequest refund, string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a claimed id as completed: later duplicates are answered without running the handler. When the claim
    /// is no longer this run's (another run took it over), the store logs that the refund may have run twice.
    /// </summary>
    /// <param name="claim">The claim <see cref="TryClaimAsync"/> returned, with <see cref="RefundClaimStatus.Claimed"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    Task CompleteAsync(RefundClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives a claimed id back, with the amount it reserved, so Tiki's next attempt runs the handler again; does
    /// nothing if the claim is no longer this run's.
    /// </summary>
    /// <param name="claim">The claim <see cref="TryClaimAsync"/> returned, with <see cref="RefundClaimStatus.Claimed"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    Task ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Refunds claimed and not yet completed or given back, oldest first: what support staff see as running now.</summary>
    /// <param name="limit">At most this many (1 to 10,000).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The claims.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to 10,000.</exception>
    Task<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken = default);
}
