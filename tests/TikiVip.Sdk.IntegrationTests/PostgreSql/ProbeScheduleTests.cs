using TikiVip.Sdk.PostgreSql.Outbox;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>When an unreachable Tiki is probed, as pure rules: no database, no clock, no Tiki.</summary>
public sealed class ProbeScheduleTests
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 10)] // the first probe: the outbox's backoff after Tiki was marked unreachable
    [InlineData(1, 20)] // doubled for each probe that failed
    [InlineData(2, 30)] // then the cap
    [InlineData(3, 30)]
    [InlineData(1_000_000, 30)] // however long the outage: never past the cap, never an overflow
    public void The_wait_doubles_from_the_backoff_up_to_the_cap(int failedProbes, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProbeSchedule.Wait(failedProbes, Backoff, Cap));

    [Fact]
    public void A_cap_below_the_backoff_is_the_first_wait_too() =>
        Assert.Equal(TimeSpan.FromSeconds(5), ProbeSchedule.Wait(0, Backoff, TimeSpan.FromSeconds(5)));

    [Fact]
    public void At_the_default_cap_an_hour_holds_about_120_probes()
    {
        var elapsed = TimeSpan.Zero;
        var probes = 0;
        for (; elapsed + ProbeSchedule.Wait(probes, Backoff, Cap) <= TimeSpan.FromHours(1); probes++)
        {
            elapsed += ProbeSchedule.Wait(probes, Backoff, Cap); // each probe fails at once: the bound's worst case
        }

        Assert.Equal(121, probes); // at 10 s and 30 s, then every 30 s to the hour: 3600 s / 30 s + 1
    }

    [Theory]
    [InlineData(null, null, true)] // marked unreachable, nothing scheduled: probe
    [InlineData(-1, null, true)] // its time came, nobody holds it
    [InlineData(0, null, true)]
    [InlineData(1, null, false)] // not yet
    [InlineData(-1, 60, false)] // due, but another instance's probe is still in its round
    [InlineData(-1, 0, false)] // ... its right held until this very moment
    [InlineData(-1, -1, true)] // ... and its holder's lease ended: taken over
    public void A_probe_is_due_when_its_time_came_and_nobody_holds_the_right(int? nextProbeIn, int? heldFor, bool due)
    {
        var poll = new OutboxPoll(Now.AddHours(-1), nextProbeIn is { } next ? Now.AddSeconds(next) : null, heldFor is { } held ? Now.AddSeconds(held) : null, false, null, []);

        Assert.Equal(due, IpnOutboxDeliveryService.IsProbeDue(poll, Now));
    }
}
