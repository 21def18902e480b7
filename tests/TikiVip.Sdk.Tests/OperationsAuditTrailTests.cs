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
            await trail.RecordAsync(new OperationsAuditEntry { Actor = i % 2 == 0 ? "bob" : "alice", Action = "Retry IPN", Target = $"IPN {i}", At = DateTimeOffset.UnixEpoch.AddMinutes(i) }, default);
        }

        var first = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2 }, default);
        var second = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2, Before = first.NextBefore }, default);
        var last = await trail.QueryAsync(new OperationsAuditQuery { Limit = 2, Before = second.NextBefore }, default);

        Assert.Equal(["IPN 5", "IPN 4"], first.Entries.Select(e => e.Target));
        Assert.Equal(["IPN 3", "IPN 2"], second.Entries.Select(e => e.Target));
        Assert.Equal(["IPN 1"], last.Entries.Select(e => e.Target));
        Assert.Null(last.NextBefore);
        Assert.Equal(["IPN 4", "IPN 2"], (await trail.QueryAsync(new OperationsAuditQuery { Search = "BOB" }, default)).Entries.Select(e => e.Target));
        Assert.Equal("alice", Assert.Single((await trail.QueryAsync(new OperationsAuditQuery { Search = "ipn 3" }, default)).Entries).Actor);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => trail.QueryAsync(new OperationsAuditQuery { Limit = 0 }, default).AsTask());
    }

    [Fact]
    public async Task The_in_memory_trail_keeps_the_last_ten_thousand_actions()
    {
        var trail = new InMemoryOperationsAuditTrail();
        for (var i = 1; i <= InMemoryOperationsAuditTrail.Capacity + 5; i++)
        {
            await trail.RecordAsync(new OperationsAuditEntry { Actor = "alice", Action = "Retry IPN", Target = $"IPN {i}" }, default);
        }

        var oldest = (await trail.QueryAsync(new OperationsAuditQuery { Limit = ListLimit.Max, Before = 7 + (long)InMemoryOperationsAuditTrail.Capacity }, default)).Entries[^1];
        Assert.Equal("IPN 6", oldest.Target);
        Assert.Empty((await trail.QueryAsync(new OperationsAuditQuery { Search = "IPN 5" }, default)).Entries);
    }
}
