namespace TikiVip.Sdk.Refunds;

/// <summary>
/// Remembers refund request ids so each refund runs once. Every operation must be atomic across all the
/// instances that share the store.
/// </summary>
public interface IRefundIdempotencyStore
{
    /// <summary>Claims a request id for processing, unless it is known already.</summary>
    /// <param name="requestId">Tiki's <c>request_id</c>.</param>
    /// <param name="fingerprint">A digest of the refund's content; the same id with another fingerprint is a conflict.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>Claimed (run the handler, then complete or release this claim), already completed, in progress elsewhere, or a conflict.</returns>
    ValueTask<RefundClaim> TryClaimAsync(string requestId, string fingerprint, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a claimed id as completed: later duplicates are answered without running the handler. When the claim
    /// is no longer this run's (another run took it over), the store logs that the refund may have run twice.
    /// </summary>
    /// <param name="claim">The claim <see cref="TryClaimAsync"/> returned, with <see cref="RefundClaimStatus.Claimed"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    ValueTask CompleteAsync(RefundClaim claim, CancellationToken cancellationToken);

    /// <summary>Gives a claimed id back, so Tiki's next attempt runs the handler again; does nothing if the claim is no longer this run's.</summary>
    /// <param name="claim">The claim <see cref="TryClaimAsync"/> returned, with <see cref="RefundClaimStatus.Claimed"/>.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    ValueTask ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken);
}
