using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// The outbox's state machine as pure functions: from what Tiki answered in a round to the entry's next state. No
/// I/O and no clock of its own, so every row of the table in docs/guide.md ("Tiki being unreachable never ends an
/// IPN") is a unit test.
/// </summary>
internal static class OutboxDecision
{
    /// <summary>
    /// Whether a failed IPN needs the lookup in this round: its fate is unknown (it could not reach Tiki from round
    /// <paramref name="maxAttempts"/> on) or Tiki refused it after an attempt that may have been recorded.
    /// </summary>
    public static bool NeedsLookup(TikiVipApiException ipnError, int round, int maxAttempts) =>
        IpnDeliveryFlow.NeedsLookup(ipnError, earlierAttemptFailedTransiently: round > 1) && (!ipnError.IsTransient || round >= maxAttempts);

    /// <summary>
    /// The next state after a round that submitted the IPN: <paramref name="ipnError"/> is <see langword="null"/>
    /// when Tiki accepted it, <paramref name="lookup"/> the lookup's result when the round made one.
    /// </summary>
    public static OutboxSettlement AfterSubmit(IpnOutboxEntry entry, int round, TikiVipApiException? ipnError, IpnDeliveryResult? lookup, OutboxPolicy policy)
    {
        if (ipnError is null)
        {
            return new(IpnOutboxState.Delivered, OutboxEvent.Delivered);
        }

        if (lookup is null)
        {
            return ipnError.IsTransient
                ? NotReached(entry, round, OutboxFailure.Of(ipnError), policy)
                : new(IpnOutboxState.Failed, OutboxEvent.Rejected) { Failure = OutboxFailure.Of(ipnError), Code = ipnError.Code, Action = ipnError.RecommendedAction };
        }

        switch (lookup.Status)
        {
            case IpnDeliveryStatus.RecordedByTiki:
                return new(IpnOutboxState.ConfirmedByLookup, OutboxEvent.ConfirmedByLookup)
                {
                    Failure = OutboxFailure.Of(ipnError) with { Action = lookup.RecommendedAction }, TikiStatus = lookup.Transaction!.Status,
                };
            case IpnDeliveryStatus.PendingAtTiki:
                return StillPending(entry, round, OutboxFailure.Of(ipnError) with { Action = TikiVipRecommendedAction.LookUpAgain }, policy);
            case IpnDeliveryStatus.Rejected:
                // Refused, and the lookup confirmed Tiki has no such transaction: the refusal stands.
                return new(IpnOutboxState.Failed, OutboxEvent.Rejected)
                {
                    Failure = OutboxFailure.WithLookup(ipnError, lookup.LookupError!, ipnError.RecommendedAction), Code = ipnError.Code, Action = ipnError.RecommendedAction,
                };
        }

        var verify = ipnError.IsTransient ? null : " (Tiki refused a retry, but an earlier attempt may have been recorded: verify before refunding)";
        var failure = OutboxFailure.WithLookup(ipnError, lookup.LookupError!, TikiVipRecommendedAction.Retry, verify);
        return lookup.LookupError!.IsTransient
            ? NotReached(entry, round, failure, policy) // the lookup could not reach Tiki either: the IPN waits
            : new(IpnOutboxState.Failed, OutboxEvent.Failed) { Failure = failure };
    }

    /// <summary>The next state after a round that looked up a transaction Tiki had as PENDING: what it found, or why not.</summary>
    public static OutboxSettlement AfterLookAgain(IpnOutboxEntry entry, int round, TikiTransaction? found, TikiVipApiException? error, OutboxPolicy policy)
    {
        if (found is not null)
        {
            return found.Status == TikiVipTransactionStatus.Pending
                ? StillPending(entry, round, null, policy)
                : new(IpnOutboxState.ConfirmedByLookup, OutboxEvent.ConfirmedByLookup) { TikiStatus = found.Status };
        }

        return error!.IsTransient
            ? StillPending(entry, round, OutboxFailure.Of(error, prefix: "lookup: ") with { Action = TikiVipRecommendedAction.LookUpAgain }, policy) with
            {
                TikiAnswered = false, Problem = OutboxFailure.Describe(error),
            }
            : new(IpnOutboxState.Failed, OutboxEvent.Failed) { Failure = OutboxFailure.Of(error, prefix: "Tiki recorded the transaction as PENDING; a later lookup failed: ") };
    }

    /// <summary>
    /// The wait before round <paramref name="round"/> + 1: the base doubled each round, at most the cap, less up to a
    /// fifth by <paramref name="jitter"/> (0 to 1) so instances spread out.
    /// </summary>
    public static TimeSpan Backoff(int round, OutboxPolicy policy, double jitter)
    {
        var doubled = policy.Backoff.Ticks * (1L << Math.Min(Math.Max(round - 1, 0), 30));
        var capped = doubled <= 0 || doubled > policy.MaxBackoff.Ticks ? policy.MaxBackoff.Ticks : doubled;
        return TimeSpan.FromTicks((long)(capped * (1 - (0.2 * Math.Clamp(jitter, 0, 1)))));
    }

    /// <summary>Tiki could not be reached: a later round, unless the IPN has waited the delivery horizon since it was queued or requeued.</summary>
    private static OutboxSettlement NotReached(IpnOutboxEntry entry, int round, OutboxFailure failure, OutboxPolicy policy)
    {
        var since = entry.RequeuedAt ?? entry.CreatedAt;
        return policy.Now - since >= policy.DeliveryHorizon
            ? new(IpnOutboxState.Failed, OutboxEvent.PastDeliveryHorizon)
            {
                Failure = failure with { Text = $"Tiki could not be reached for {policy.DeliveryHorizon} since the IPN was queued ({since:u}); last: {failure.Text}" },
                TikiAnswered = false, Problem = failure.Text,
            }
            : new(IpnOutboxState.Pending, OutboxEvent.WillRetry)
            {
                Failure = failure, RetryIn = Backoff(round, policy, policy.Jitter), TikiAnswered = false, Problem = failure.Text,
            };
    }

    /// <summary>Tiki has not decided: look again after a backoff, until the horizon since its first PENDING answer.</summary>
    private static OutboxSettlement StillPending(IpnOutboxEntry entry, int round, OutboxFailure? error, OutboxPolicy policy)
    {
        var since = entry.PendingAtTikiSince ?? policy.Now;
        return policy.Now - since >= policy.PendingHorizon
            ? new(IpnOutboxState.Failed, OutboxEvent.StillPending)
            {
                Failure = new OutboxFailure($"still PENDING at Tiki after {policy.PendingHorizon} (since {since:u}): ask Tiki about this transaction", null, null, TikiVipRecommendedAction.LookUpAgain),
                TikiStatus = TikiVipTransactionStatus.Pending,
            }
            : new(IpnOutboxState.Pending, OutboxEvent.PendingAtTiki) { Failure = error, TikiStatus = TikiVipTransactionStatus.Pending, RetryIn = Backoff(round, policy, policy.Jitter) };
    }
}
