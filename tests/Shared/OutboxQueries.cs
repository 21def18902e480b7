using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.TestSupport;

/// <summary>The tests' short ways to read the outbox, through its one query API.</summary>
internal static class OutboxQueries
{
    /// <summary>Entries in a state (newest first).</summary>
    public static async Task<IReadOnlyList<IpnOutboxEntry>> GetAsync(this IIpnOutbox outbox, IpnOutboxState state, int limit = 100) =>
        (await outbox.QueryAsync(new IpnOutboxQuery { State = state, Limit = limit })).Entries;

    /// <summary>Entries in any state (newest first).</summary>
    public static async Task<IReadOnlyList<IpnOutboxEntry>> GetRecentAsync(this IIpnOutbox outbox, int limit = 100) =>
        (await outbox.QueryAsync(new IpnOutboxQuery { Limit = limit })).Entries;
}
