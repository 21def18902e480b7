using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Audit;

namespace TikiVip.Sdk.Tests;

/// <summary>The default (in-memory) audit trail: newest first, searched by who or on what, paged, bounded.</summary>
public sealed class OperationsAuditTrailTests
{
    [Fact]
    public async Task Actions_are_read_newest_first_a_page_at_a_time_and_found_by_actor_or_target_in_any_case()
    {
        var trail = new ServiceCollection().AddTikiVip().Services.BuildServiceProvider().GetRequiredService<IOperationsAuditTrail>();
        for (var i = 1; i <= 5; i++)
        {
            await trail.RecordAsync(new OperationsAuditEntry { Actor = i % 2 == 0 ? "bob" : "alice", Action = "Retry IPN", Target = OperationsAuditTarget.Ipn(i), At = DateTimeOffset.UnixEpoch.AddMinutes(i) }, default);
        }

        var first = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2 }, default);
        var second = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2, Before = first.NextBefore }, default);
        var last = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2, Before = second.NextBefore }, default);

        Assert.Equal(["IPN 5", "IPN 4"], first.Entries.Select(e => e.Target.ToString()));
        Assert.Equal(["IPN 3", "IPN 2"], second.Entries.Select(e => e.Target.ToString()));
        Assert.Equal(["IPN 1"], last.Entries.Select(e => e.Target.ToString()));
        Assert.Null(last.NextBefore);
        Assert.Equal(["IPN 4", "IPN 2"], (await trail.QueryAsync(new OperationsAuditQuery { Search = "BOB" }, default)).Entries.Select(e => e.Target.ToString()));
        Assert.Equal("alice", Assert.Single((await trail.QueryAsync(new OperationsAuditQuery { Search = "ipn 3" }, default)).Entries).Actor);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.QueryAsync(new OperationsAuditQuery { Limit = 0 }, default));
    }

    [Fact]
    public async Task The_in_memory_trail_keeps_the_last_ten_thousand_actions()
    {
        var trail = new InMemoryOperationsAuditTrail();
        for (var i = 1; i <= InMemoryOperationsAuditTrail.Capacity + 5; i++)
        {
            await trail.RecordAsync(new OperationsAuditEntry { Actor = "alice", Action = "Retry IPN", Target = OperationsAuditTarget.Ipn(i) }, default);
        }

        var oldest = (await trail.QueryAsync(new OperationsAuditQuery { Limit = ListLimit.Max, Before = 7 + (long)InMemoryOperationsAuditTrail.Capacity }, default)).Entries[^1];
        Assert.Equal("IPN 6", oldest.Target.ToString());
        Assert.Empty((await trail.QueryAsync(new OperationsAuditQuery { Search = "IPN 5" }, default)).Entries);
    }

    [Fact]
    public void A_target_is_typed_and_said_in_words_and_a_stored_one_that_does_not_fit_its_kind_is_kept_in_words()
    {
        Assert.Equal((OperationsAuditTargetKind.Ipn, "42", "IPN 42"), Parts(OperationsAuditTarget.Ipn(42)));
        Assert.Equal((OperationsAuditTargetKind.ReconciliationDay, "2026-11-30", "reconciliation 2026-11-30"), Parts(OperationsAuditTarget.ReconciliationDay("2026-11-30")));
        Assert.Equal((OperationsAuditTargetKind.QuarantinedRefund, "ab12", "quarantined refund ab12"), Parts(OperationsAuditTarget.QuarantinedRefund("ab12")));
        Assert.Equal((OperationsAuditTargetKind.FailedIpns, "(all)", "failed IPNs (all)"), Parts(OperationsAuditTarget.FailedIpns("(all)")));
        Assert.Equal((OperationsAuditTargetKind.Other, "/ops/x", "/ops/x"), Parts(OperationsAuditTarget.Other("/ops/x")));
        Assert.Throws<ArgumentException>(() => OperationsAuditTarget.ReconciliationDay("30/11/2026"));

        Assert.Equal(OperationsAuditTarget.Ipn(7), OperationsAuditTarget.FromStored(OperationsAuditTargetKind.Ipn, "7"));
        Assert.Equal((OperationsAuditTargetKind.Other, "IPN x7", "IPN x7"), Parts(OperationsAuditTarget.FromStored(OperationsAuditTargetKind.Ipn, "x7"))); // never a link to nowhere
        Assert.Equal(OperationsAuditTargetKind.Other, OperationsAuditTarget.FromStored((OperationsAuditTargetKind)99, "?").Kind);
    }

    private static (OperationsAuditTargetKind, string, string) Parts(OperationsAuditTarget target) => (target.Kind, target.Id, target.ToString());
}
