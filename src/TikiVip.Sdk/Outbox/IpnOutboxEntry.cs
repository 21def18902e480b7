namespace TikiVip.Sdk.Outbox;

/// <summary>One IPN in the outbox, for operations (providers create them; they are read-only values).</summary>
public sealed class IpnOutboxEntry
{
    /// <summary>The outbox id.</summary>
    public long Id { get; init; }

    /// <summary>Tiki's transaction id.</summary>
    public string TikiTransactionId { get; init; } = "";

    /// <summary>The partner's transaction id.</summary>
    public string TransactionId { get; init; } = "";

    /// <summary>The amount in VND.</summary>
    public long Amount { get; init; }

    /// <summary>The payment-method code the IPN reports, if any.</summary>
    public string? PartnerBankingMethod { get; init; }

    /// <summary>The status the IPN reports.</summary>
    public TikiVipTransactionStatus Status { get; init; }

    /// <summary>Where delivery stands.</summary>
    public IpnOutboxState State { get; init; }

    /// <summary>Delivery rounds so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next round is due (pending entries).</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The last failure, if any: Tiki's code, message and recommended action, or the transport error, in words for a person.</summary>
    public string? LastError { get; init; }

    /// <summary>The HTTP status of the last failed answer, when one arrived.</summary>
    public int? LastHttpStatus { get; init; }

    /// <summary>Tiki's result code in the last failed answer, when it carried one.</summary>
    public int? LastTikiCode { get; init; }

    /// <summary>What Tiki recommends after the last failure (<see cref="TikiVipRecommendedAction.None"/> when none).</summary>
    public TikiVipRecommendedAction RecommendedAction { get; init; }

    /// <summary>When a person last put this entry back in the queue, or <see langword="null"/> if never.</summary>
    public DateTimeOffset? RequeuedAt { get; init; }

    /// <summary>Tiki's status from the lookup: final when <see cref="State"/> is <see cref="IpnOutboxState.ConfirmedByLookup"/>, PENDING while Tiki has not decided.</summary>
    public TikiVipTransactionStatus? TikiStatus { get; init; }

    /// <summary>
    /// Since when Tiki has recorded the transaction as PENDING: the entry is still pending and the outbox looks it
    /// up again with backoff until Tiki answers SUCCESS or FAILURE, or the provider's horizon (PostgreSQL: <c>OutboxPendingHorizon</c>) passes.
    /// </summary>
    public DateTimeOffset? PendingAtTikiSince { get; init; }

    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it reached its final state.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
