namespace TikiVip.Sdk.PostgreSql;

/// <summary>One IPN in the outbox, for operations.</summary>
public sealed class IpnOutboxEntry
{
    internal IpnOutboxEntry()
    {
    }

    /// <summary>The outbox id.</summary>
    public long Id { get; internal init; }

    /// <summary>Tiki's transaction id.</summary>
    public string TikiTransactionId { get; internal init; } = "";

    /// <summary>The partner's transaction id.</summary>
    public string TransactionId { get; internal init; } = "";

    /// <summary>The amount in VND.</summary>
    public long Amount { get; internal init; }

    /// <summary>The payment-method code the IPN reports, if any.</summary>
    public string? PartnerBankingMethod { get; internal init; }

    /// <summary>The status the IPN reports.</summary>
    public TikiVipTransactionStatus Status { get; internal init; }

    /// <summary>Where delivery stands.</summary>
    public IpnOutboxState State { get; internal init; }

    /// <summary>Delivery rounds so far.</summary>
    public int Attempts { get; internal init; }

    /// <summary>When the next round is due (pending entries).</summary>
    public DateTimeOffset NextAttemptAt { get; internal init; }

    /// <summary>The last failure, if any: Tiki's code, message and recommended action, or the transport error.</summary>
    public string? LastError { get; internal init; }

    /// <summary>Tiki's status from the lookup: final when <see cref="State"/> is <see cref="IpnOutboxState.ConfirmedByLookup"/>, PENDING while Tiki has not decided.</summary>
    public TikiVipTransactionStatus? TikiStatus { get; internal init; }

    /// <summary>
    /// Since when Tiki has recorded the transaction as PENDING: the entry is still pending and the outbox looks it
    /// up again with backoff until Tiki answers SUCCESS or FAILURE, or <see cref="TikiVipPostgreSqlOptions.OutboxPendingHorizon"/> passes.
    /// </summary>
    public DateTimeOffset? PendingAtTikiSince { get; internal init; }

    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; internal init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; internal init; }

    /// <summary>When it reached its final state.</summary>
    public DateTimeOffset? CompletedAt { get; internal init; }
}
