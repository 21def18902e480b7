using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Tests;

public sealed class InMemoryRefundIdempotencyStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Claim_then_complete_then_duplicate_then_conflict()
    {
        var store = Create();

        var claim = await store.TryClaimAsync("r", "f1", default);
        Assert.Equal(RefundClaimStatus.Claimed, claim.Status);
        Assert.Equal(RefundClaimStatus.InProgress, await StatusAsync(store, "r", "f1"));
        Assert.Equal(RefundClaimStatus.Conflict, await StatusAsync(store, "r", "f2"));
        await store.CompleteAsync(claim, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "r", "f1"));
        Assert.Equal(RefundClaimStatus.Conflict, await StatusAsync(store, "r", "f2"));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again_but_a_completed_one_cannot_be_released()
    {
        var store = Create();

        await store.ReleaseAsync(await store.TryClaimAsync("r", "f", default), default);
        var second = await store.TryClaimAsync("r", "f", default);
        Assert.Equal(RefundClaimStatus.Claimed, second.Status);
        await store.CompleteAsync(second, default);
        await store.ReleaseAsync(second, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "r", "f"));
    }

    [Fact]
    public async Task Only_the_run_that_claimed_an_id_can_complete_or_release_it()
    {
        var store = Create();
        var first = await store.TryClaimAsync("r", "f", default);
        await store.ReleaseAsync(first, default);
        var second = await store.TryClaimAsync("r", "f", default);

        await store.ReleaseAsync(first, default);   // a stale run's release must not free the new claim
        await store.CompleteAsync(first, default);  // nor complete it

        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(RefundClaimStatus.InProgress, await StatusAsync(store, "r", "f"));
        await store.CompleteAsync(second, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "r", "f"));
    }

    [Fact]
    public async Task Completed_entries_are_forgotten_after_the_retention_and_not_before()
    {
        var store = Create(retention: TimeSpan.FromDays(30));
        await store.CompleteAsync(await store.TryClaimAsync("old", "f", default), default);

        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "old", "f"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RefundClaimStatus.Claimed, await StatusAsync(store, "old", "f"));
    }

    [Fact]
    public async Task At_capacity_the_oldest_completed_entry_goes_first_and_in_progress_claims_stay()
    {
        var store = Create(capacity: 3);
        await store.TryClaimAsync("busy", "f", default); // in progress, never evicted
        foreach (var id in new[] { "a", "b" })
        {
            await store.CompleteAsync(await store.TryClaimAsync(id, "f", default), default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(RefundClaimStatus.Claimed, await StatusAsync(store, "c", "f"));

        Assert.Equal(3, store.Count);
        Assert.Equal(RefundClaimStatus.InProgress, await StatusAsync(store, "busy", "f"));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "b", "f"));
        Assert.Equal(RefundClaimStatus.Claimed, await StatusAsync(store, "a", "f")); // "a" was forgotten
    }

    [Fact]
    public async Task At_capacity_the_eviction_warning_is_written_once_a_minute_with_a_count_not_once_a_refund()
    {
        var logs = new FakeLogCollector();
        var store = Create(capacity: 3, logger: new FakeLogger<InMemoryRefundIdempotencyStore>(logs));
        for (var i = 0; i < 3; i++)
        {
            await store.CompleteAsync(await store.TryClaimAsync($"old-{i}", "f", default), default);
        }

        for (var i = 0; i < 50; i++) // a busy partner: every new refund evicts one
        {
            await store.CompleteAsync(await store.TryClaimAsync($"new-{i}", "f", default), default);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var first = Assert.Single(logs.GetSnapshot());
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains("forgot 1 of the oldest", first.Message);

        _time.Advance(TimeSpan.FromMinutes(1));
        await store.CompleteAsync(await store.TryClaimAsync("later", "f", default), default);

        Assert.Equal(2, logs.GetSnapshot().Count);
        Assert.Contains("forgot 50 of the oldest", logs.LatestRecord.Message); // the 49 unlogged ones are counted
    }

    [Fact]
    public async Task Thousands_of_ids_are_held_up_to_the_capacity_oldest_forgotten_first_and_in_progress_ones_never()
    {
        var store = Create(capacity: 3_000);
        var busy = await store.TryClaimAsync("busy", "f", default);
        for (var i = 0; i < 5_000; i++) // grows past its first table several times, then evicts
        {
            await store.CompleteAsync(await store.TryClaimAsync($"RF-{i:D6}", "f", default), default);
        }

        Assert.Equal(3_000, store.Count);
        Assert.Equal(RefundClaimStatus.InProgress, await StatusAsync(store, "busy", "f"));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "RF-004999", "f"));
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "RF-002001", "f"));
        Assert.Equal(RefundClaimStatus.Claimed, await StatusAsync(store, "RF-002000", "f")); // forgotten
        Assert.Equal(RefundClaimStatus.Conflict, await StatusAsync(store, "RF-004000", "another body"));
        await store.CompleteAsync(busy, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "busy", "f"));
    }

    [Fact]
    public async Task A_claim_whose_token_is_not_the_current_one_cannot_complete_or_release_it()
    {
        var store = Create();
        var current = await store.TryClaimAsync("r", "f", default);
        var forged = new RefundClaim("r", RefundClaimStatus.Claimed, "999");

        await store.CompleteAsync(forged, default);
        await store.ReleaseAsync(forged, default);

        Assert.Equal(RefundClaimStatus.InProgress, await StatusAsync(store, "r", "f"));
        await store.CompleteAsync(current, default);
        Assert.Equal(RefundClaimStatus.AlreadyCompleted, await StatusAsync(store, "r", "f"));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_id_grant_it_once()
    {
        var store = Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => StatusAsync(store, "r", "f"))));

        Assert.Single(results, r => r == RefundClaimStatus.Claimed);
        Assert.Equal(199, results.Count(r => r == RefundClaimStatus.InProgress));
    }

    private static async Task<RefundClaimStatus> StatusAsync(InMemoryRefundIdempotencyStore store, string requestId, string fingerprint) =>
        (await store.TryClaimAsync(requestId, fingerprint, default)).Status;

    private InMemoryRefundIdempotencyStore Create(TimeSpan? retention = null, int capacity = 1000, ILogger<InMemoryRefundIdempotencyStore>? logger = null)
    {
        var options = new TikiVipOptions();
        options.Refunds.IdempotencyRetention = retention ?? TimeSpan.FromDays(30);
        options.Refunds.IdempotencyCapacity = capacity;
        return new InMemoryRefundIdempotencyStore(_time, new StaticOptionsMonitor(options), logger ?? NullLogger<InMemoryRefundIdempotencyStore>.Instance);
    }

    private sealed class StaticOptionsMonitor(TikiVipOptions value) : IOptionsMonitor<TikiVipOptions>
    {
        public TikiVipOptions CurrentValue => value;

        public TikiVipOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<TikiVipOptions, string?> listener) => null;
    }
}
