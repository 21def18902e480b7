namespace TikiVip.Sdk.PostgreSql.Outbox;

/// <summary>
/// How long the outbox waits before probing an unreachable Tiki: the outbox's backoff, doubled for each probe that
/// failed, at most <see cref="TikiVipOutboxOptions.MaxProbeInterval"/>. The wait starts when the previous probe's
/// round settled, so a probe that hangs never has a second one beside it.
/// </summary>
internal static class ProbeSchedule
{
    /// <summary>The wait before the next probe, after <paramref name="failedProbes"/> probes failed (0: before the first).</summary>
    public static TimeSpan Wait(int failedProbes, TimeSpan backoff, TimeSpan cap)
    {
        var wait = backoff < cap ? backoff : cap;
        for (var probe = 0; probe < failedProbes && wait < cap; probe++)
        {
            wait += wait; // below the cap (at most an hour), so never near an overflow
        }

        return wait < cap ? wait : cap;
    }
}
