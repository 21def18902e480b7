using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>The right to probe an unreachable Tiki, taken with the entry to probe it with.</summary>
/// <param name="Entry">The pending entry queued first, claimed for this probe's round.</param>
/// <param name="FailedBefore">How many probes failed since Tiki was marked unreachable, before this one.</param>
internal sealed record OutboxProbe(IpnOutboxEntry Entry, int FailedBefore);
