using TikiVip.Sdk.Refunds;
using Xunit;

namespace TikiVip.Sdk.TestSupport;

/// <summary>The same searching and paging checks for every quarantine store (in memory, PostgreSQL).</summary>
internal static class QuarantinePaging
{
    public static async Task AssertSearchedAndPagedAsync(IRefundQuarantine quarantine, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        // 25 entries, received in pairs at the same instant (so the id settles the order), 5 of them resolved.
        for (var i = 0; i < 25; i++)
        {
            if (i > 0 && i % 2 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            var entry = new QuarantinedRefund($"{i:D2}-quarantine-id", $"rq-Q-{i}", "{}"u8.ToArray(), "amount", "amount is missing", clock.GetUtcNow());
            await quarantine.AddAsync(entry, default);
            if (i % 5 == 0)
            {
                Assert.True(await quarantine.ResolveAsync(entry.Id, "ops@partner", "refunded by hand", default));
            }
        }

        var pages = new List<RefundQuarantinePage>();
        string? after = null;
        do
        {
            var page = await quarantine.QueryAsync(new RefundQuarantineQuery { Limit = 7, After = after }, default);
            pages.Add(page);
            after = page.NextAfter;
        }
        while (after is not null);

        var read = pages.SelectMany(p => p.Entries).Select(e => e.RequestId ?? "").ToList();
        var expected = Enumerable.Range(0, 25).Where(i => i % 5 != 0).OrderByDescending(i => i / 2).ThenBy(i => i).Select(i => $"rq-Q-{i}").ToList();
        Assert.Equal(expected, read); // every waiting entry once, most recently received first, ties by id
        Assert.Equal([7, 7, 6], pages.Select(p => p.Entries.Count));
        Assert.Equal(25, (await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 100 }, default)).Entries.Count);
        var found = Assert.Single((await quarantine.QueryAsync(new RefundQuarantineQuery { Search = "RQ-q-10", IncludeResolved = true }, default)).Entries);
        Assert.Equal(("rq-Q-10", "refunded by hand"), (found.RequestId, found.Resolution));
        Assert.Empty((await quarantine.QueryAsync(new RefundQuarantineQuery { Search = "rq-Q-10" }, default)).Entries); // resolved: only when asked
        await Assert.ThrowsAsync<ArgumentException>(async () => await quarantine.QueryAsync(new RefundQuarantineQuery { After = "not-a-cursor" }, default));
    }
}
