using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;
using TikiVip.Sdk.TestSupport;

namespace TikiVip.Sdk.Tests;

/// <summary>What support staff see of refunds: each delivery's answer, and the refunds running now.</summary>
public sealed class RefundHistoryTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _provider;
    private readonly GatedHandler.Script _script = new();

    public RefundHistoryTests() : this(history: null)
    {
    }

    private RefundHistoryTests(IRefundHistory? history)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(_script);
        if (history is not null)
        {
            services.AddSingleton(history);
        }

        services.AddTikiVip(o =>
            {
                o.ClientId = ApiReference.ClientId;
                o.ClientSecret = ApiReference.ClientSecret;
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .AddRefundHandler<GatedHandler>();
        _provider = services.BuildServiceProvider();
    }

    private IRefundHistory History => _provider.GetRequiredService<IRefundHistory>();

    private IRefundIdempotencyStore Store => _provider.GetRequiredService<IRefundIdempotencyStore>();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Each_delivery_is_kept_with_its_answer_newest_first()
    {
        await ProcessAsync(Refund("rq-1", 100_000));
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ProcessAsync(Refund("rq-1", 100_000)); // Tiki's retry
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ProcessAsync(Refund("rq-1", 5_000)); // the same id for another refund
        _script.FailWith = "customer already refunded by hand";
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ProcessAsync(Refund("rq-2", 7_000));

        var entries = (await History.QueryAsync(new RefundHistoryQuery { Limit = 10 }, default)).Entries;

        Assert.Equal(
            [("rq-2", RefundOutcome.Failed, 7_000L), ("rq-1", RefundOutcome.Conflict, 5_000L), ("rq-1", RefundOutcome.Duplicate, 100_000L), ("rq-1", RefundOutcome.Accepted, 100_000L)],
            entries.Select(e => (e.RequestId, e.Outcome, e.Amount)));
        Assert.Equal("customer already refunded by hand", entries[0].Detail);
        Assert.Equal(_clock.GetUtcNow(), entries[0].At);
        Assert.Equal("T-rq-2", entries[0].TikiTransactionId);
    }

    [Fact]
    public async Task A_refund_whose_handler_runs_is_listed_in_progress_until_it_returns()
    {
        _script.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = ProcessAsync(Refund("rq-slow", 1_000));
        await _script.Entered.Task;

        var during = Assert.Single(await Store.ListInProgressAsync(10, default));
        _script.Gate.SetResult();
        await running;

        Assert.Equal(("rq-slow", _clock.GetUtcNow(), (DateTimeOffset?)null), (during.RequestId, during.ClaimedAt, during.LeaseUntil));
        Assert.Empty(await Store.ListInProgressAsync(10, default));
        Assert.Equal(RefundOutcome.Accepted, Assert.Single((await History.QueryAsync(new RefundHistoryQuery { Limit = 10 }, default)).Entries).Outcome);
    }

    [Fact]
    public async Task The_in_memory_history_keeps_the_last_500_deliveries()
    {
        for (var i = 0; i < 503; i++)
        {
            await History.RecordAsync(new RefundHistoryEntry { RequestId = $"rq-{i}", TikiTransactionId = "T", Amount = i, Outcome = RefundOutcome.Accepted }, default);
        }

        var entries = (await History.QueryAsync(new RefundHistoryQuery { Limit = 10_000 }, default)).Entries;

        Assert.Equal(500, entries.Count);
        Assert.Equal(("rq-502", "rq-3"), (entries[0].RequestId, entries[^1].RequestId));
        Assert.Equal(2, ((await History.QueryAsync(new RefundHistoryQuery { Limit = 2 }, default)).Entries).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task A_limit_out_of_range_is_refused(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await History.QueryAsync(new RefundHistoryQuery { Limit = limit }, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.ListInProgressAsync(limit, default));
    }

    [Fact]
    public async Task A_history_that_fails_never_changes_the_answer_tiki_gets()
    {
        using var broken = new RefundHistoryTests(new FailingHistory());

        var response = await broken.ProcessAsync(broken.Refund("rq-1", 100_000));

        Assert.Equal(200, response.StatusCode);
        Assert.Single(broken._script.Handled);
    }

    private RefundDelivery Refund(string requestId, long amount)
    {
        var body = $$"""{"tiki_transaction_id":"T-{{requestId}}","transaction_amount":{{amount}},"transaction_id":"P-1","reason":"test","request_id":"{{requestId}}"}""";
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new RefundDelivery("POST", new MemoryStream(Encoding.UTF8.GetBytes(body)))
        {
            ContentType = "application/json",
            Timestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            ClientId = ApiReference.ClientId,
            Signature = TikiVipSignature.Compute(timestamp, ApiReference.ClientId, body, ApiReference.ClientSecret),
        };
    }

    [Fact]
    public async Task The_in_memory_quarantine_is_searched_and_paged_as_every_store_is()
    {
        await QuarantinePaging.AssertSearchedAndPagedAsync(_provider.GetRequiredService<IRefundQuarantine>(), _clock);
    }

    [Fact]
    public async Task The_history_is_searched_filtered_and_paged_in_the_store_newest_first()
    {
        for (var i = 1; i <= 7; i++)
        {
            _script.FailWith = i % 3 == 0 ? "declined" : null;
            await ProcessAsync(Refund($"rq-{i}", 1_000 * i));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await History.QueryAsync(new RefundHistoryQuery { Limit = 3 }, default);
        var second = await History.QueryAsync(new RefundHistoryQuery { Limit = 3, Before = first.NextBefore }, default);
        var last = await History.QueryAsync(new RefundHistoryQuery { Limit = 3, Before = second.NextBefore }, default);

        Assert.Equal(["rq-7", "rq-6", "rq-5"], first.Entries.Select(e => e.RequestId));
        Assert.Equal(["rq-4", "rq-3", "rq-2"], second.Entries.Select(e => e.RequestId));
        Assert.Equal(["rq-1"], last.Entries.Select(e => e.RequestId));
        Assert.Null(last.NextBefore);
        Assert.Equal(["rq-6", "rq-3"], (await History.QueryAsync(new RefundHistoryQuery { Outcome = RefundOutcome.Failed }, default)).Entries.Select(e => e.RequestId));
        Assert.Equal(["rq-4"], (await History.QueryAsync(new RefundHistoryQuery { Search = " RQ-4 " }, default)).Entries.Select(e => e.RequestId));
        Assert.Empty((await History.QueryAsync(new RefundHistoryQuery { Search = "rq-" }, default)).Entries); // exact, not a prefix
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await History.QueryAsync(new RefundHistoryQuery { Limit = 0 }, default));
    }

    private async Task<RefundResponse> ProcessAsync(RefundDelivery delivery)
    {
        using var scope = _provider.CreateScope();
        return await _provider.GetRequiredService<TikiVipRefundProcessor>().ProcessAsync(delivery, scope.ServiceProvider, CancellationToken.None);
    }

    private sealed class FailingHistory : IRefundHistory
    {
        public Task RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken) => throw new InvalidOperationException("history database down");

        public Task<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class GatedHandler(GatedHandler.Script script) : IRefundHandler
    {
        public async Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            script.Entered.TrySetResult();
            if (script.Gate is { } gate)
            {
                await gate.Task;
            }

            script.Handled.Enqueue(refund);
            return script.FailWith is { } reason ? RefundResult.Failed(reason) : RefundResult.Accepted();
        }

        public sealed class Script
        {
            public System.Collections.Concurrent.ConcurrentQueue<RefundRequest> Handled { get; } = new();

            public TaskCompletionSource? Gate { get; set; }

            public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public string? FailWith { get; set; }
        }
    }
}
