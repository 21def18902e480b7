using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Tests;

public sealed class InMemoryRefundIdempotencyStoreTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Claim_then_complete_then_duplicate_then_conflict()
    {
        var store = Create();

        Assert.Equal(RefundClaimStatus.Claimed, await store.TryClaimAsync("r", "f1", default));
        Assert.Equal(RefundClaimStatus.InProgress, await store.TryClaimAsync("r", "f1", default));
        Assert.Equal(RefundClaimStatus.Conflict, await store.TryClaimAsync("r", "f2", default));
        await store.CompleteAsync("r", default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await store.TryClaimAsync("r", "f1", default));
        Assert.Equal(RefundClaimStatus.Conflict, await store.TryClaimAsync("r", "f2", default));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again_but_a_completed_one_cannot_be_released()
    {
        var store = Create();

        await store.TryClaimAsync("r", "f", default);
        await store.ReleaseAsync("r", default);
        Assert.Equal(RefundClaimStatus.Claimed, await store.TryClaimAsync("r", "f", default));
        await store.CompleteAsync("r", default);
        await store.ReleaseAsync("r", default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await store.TryClaimAsync("r", "f", default));
    }

    [Fact]
    public async Task Completed_entries_are_forgotten_after_the_retention_and_not_before()
    {
        var store = Create(retention: TimeSpan.FromDays(30));
        await store.TryClaimAsync("old", "f", default);
        await store.CompleteAsync("old", default);

        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await store.TryClaimAsync("old", "f", default));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RefundClaimStatus.Claimed, await store.TryClaimAsync("old", "f", default));
    }

    [Fact]
    public async Task At_capacity_the_oldest_completed_entry_goes_first_and_in_progress_claims_stay()
    {
        var store = Create(capacity: 3);
        await store.TryClaimAsync("busy", "f", default); // in progress, never evicted
        foreach (var id in new[] { "a", "b" })
        {
            await store.TryClaimAsync(id, "f", default);
            await store.CompleteAsync(id, default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(RefundClaimStatus.Claimed, await store.TryClaimAsync("c", "f", default));

        Assert.Equal(3, store.Count);
        Assert.Equal(RefundClaimStatus.InProgress, await store.TryClaimAsync("busy", "f", default));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await store.TryClaimAsync("b", "f", default));
        Assert.Equal(RefundClaimStatus.Claimed, await store.TryClaimAsync("a", "f", default)); // "a" was forgotten
    }

    [Fact]
    public async Task Concurrent_claims_of_one_id_grant_it_once()
    {
        var store = Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.TryClaimAsync("r", "f", default).AsTask())));

        Assert.Single(results, r => r == RefundClaimStatus.Claimed);
        Assert.Equal(199, results.Count(r => r == RefundClaimStatus.InProgress));
    }

    private InMemoryRefundIdempotencyStore Create(TimeSpan? retention = null, int capacity = 1000)
    {
        var options = new TikiVipOptions();
        options.Refunds.IdempotencyRetention = retention ?? TimeSpan.FromDays(30);
        options.Refunds.IdempotencyCapacity = capacity;
        return new InMemoryRefundIdempotencyStore(_time, new StaticOptionsMonitor(options), NullLogger<InMemoryRefundIdempotencyStore>.Instance);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class StaticOptionsMonitor(TikiVipOptions value) : IOptionsMonitor<TikiVipOptions>
    {
        public TikiVipOptions CurrentValue => value;

        public TikiVipOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TikiVipOptions, string?> listener) => null;
    }
}
