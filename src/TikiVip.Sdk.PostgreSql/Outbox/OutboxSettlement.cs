using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>An entry's next state, as <see cref="PostgreSqlIpnOutbox.SettleAsync"/> records it, and what to log.</summary>
/// <param name="State">The entry's state after the round.</param>
/// <param name="Event">What happened, for the log.</param>
internal sealed record OutboxSettlement(IpnOutboxState State, OutboxEvent Event)
{
    /// <summary>The failure recorded with the entry (its words, Tiki's code and action), or none.</summary>
    public OutboxFailure? Failure { get; init; }

    /// <summary>What Tiki's lookup found, when one did.</summary>
    public TikiVipTransactionStatus? TikiStatus { get; init; }

    /// <summary>When a pending entry is due again.</summary>
    public TimeSpan? RetryIn { get; init; }

    /// <summary>Tiki's code of a refusal, for the log.</summary>
    public int? Code { get; init; }

    /// <summary>Tiki's advice on a refusal, for the log.</summary>
    public TikiVipRecommendedAction Action { get; init; }

    /// <summary>Whether Tiki answered in the round (anything but a failure to reach it): what Tiki's reachability is judged by.</summary>
    public bool TikiAnswered { get; init; } = true;

    /// <summary>Why Tiki could not be reached, when it could not.</summary>
    public string? Problem { get; init; }
}
