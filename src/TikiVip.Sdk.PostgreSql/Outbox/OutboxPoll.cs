using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>What one look at the outbox told a delivering instance (<see cref="PostgreSqlIpnOutbox.PollAsync"/>).</summary>
/// <param name="TikiUnreachableSince">Since when Tiki is marked unreachable, or <see langword="null"/>.</param>
/// <param name="NextProbeAt">When the next probe of an unreachable Tiki is due.</param>
/// <param name="ProbeHeldUntil">Until when an instance holds the right to the probe in flight (renewed while its round runs), or <see langword="null"/>.</param>
/// <param name="OldestPendingRead">Whether the oldest pending entry was looked up in this poll.</param>
/// <param name="OldestPendingSince">When the first queued of the pending entries was queued (when read).</param>
/// <param name="Claimed">The entries claimed for this instance (none while Tiki is marked unreachable).</param>
internal sealed record OutboxPoll(
    DateTimeOffset? TikiUnreachableSince, DateTimeOffset? NextProbeAt, DateTimeOffset? ProbeHeldUntil, bool OldestPendingRead, DateTimeOffset? OldestPendingSince, IReadOnlyList<IpnOutboxEntry> Claimed);
