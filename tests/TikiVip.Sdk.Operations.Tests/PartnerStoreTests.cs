using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>
/// The page over stores of a partner's own (outside the SDK's assemblies, not PostgreSQL): it reads them through the
/// core's abstractions and describes them by what they say of themselves, never by guessing from their type.
/// </summary>
public sealed class PartnerStoreTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;
    private OperationsApp _app = null!;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        _app = await OperationsApp.StartAsync(_tiki, services: s =>
        {
            s.Replace(ServiceDescriptor.Singleton<IRefundHistory, PartnerHistory>());
            s.AddSingleton<IIpnOutbox, PartnerOutbox>();
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _tiki.DisposeAsync();
    }

    [Fact]
    public async Task A_partners_own_stores_are_shown_with_their_data_and_never_called_in_memory()
    {
        using var client = await _app.SignedInClientAsync();

        var refunds = await client.GetStringAsync(_app.Page("/refunds"));
        var ipn = await client.GetStringAsync(_app.Page("/ipn"));

        Assert.DoesNotContain("In memory", refunds, StringComparison.Ordinal);
        Assert.Contains("rq-partner-store", refunds, StringComparison.Ordinal);
        Assert.Contains("T-PARTNER-1", ipn, StringComparison.Ordinal);
        Assert.DoesNotContain("No IPN outbox", ipn, StringComparison.Ordinal);
        // The recommended action comes from the entry's own field, not from parsing its error text.
        Assert.Contains("refund the customer and do not deliver the service", ipn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stories_of_a_partners_own_stores_link_the_ipn_and_the_refund_by_their_transaction()
    {
        using var client = await _app.SignedInClientAsync();

        var ipn = await client.GetStringAsync(_app.Page("/ipn/7"));
        var refund = await client.GetStringAsync(_app.Page("/refunds/request/rq-partner-store"));
        using var unknown = await client.GetAsync(_app.Page("/ipn/8"));
        using var unknownRefund = await client.GetAsync(_app.Page("/refunds/request/rq-never-sent"));

        Assert.Contains("ORDER-7", ipn, StringComparison.Ordinal);
        Assert.Contains("No call is recorded", ipn, StringComparison.Ordinal); // an outbox that keeps none
        Assert.Contains("/refunds/request/rq-partner-store\"", ipn, StringComparison.Ordinal);
        Assert.Contains("Refunded (200)", refund, StringComparison.Ordinal);
        Assert.Contains("/ipn/7\"", refund, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no IPN with this number", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknownRefund.StatusCode);
        Assert.Contains("No delivery of this refund request is recorded", await unknownRefund.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class PartnerHistory : IRefundHistory, ITikiVipStore
    {
        public bool IsSharedByInstances => true;

        public string StorageDescription => "the partner's own database";

        public Task RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken) => Task.CompletedTask;

        private static readonly RefundHistoryEntry Delivered = new() { Id = 1, RequestId = "rq-partner-store", TikiTransactionId = "T-PARTNER-1", Amount = 30_000, Outcome = RefundOutcome.Accepted, At = TimeProvider.System.GetUtcNow() };

        public Task<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken) => Task.FromResult(new KeysetPage<RefundHistoryEntry>([Delivered], null));
    }

    private sealed class PartnerOutbox : IIpnOutbox
    {
        private static readonly IpnOutboxEntry Refused = new()
        {
            Id = 7, TikiTransactionId = "T-PARTNER-1", TransactionId = "ORDER-7", Amount = 100_000, Status = TikiVipTransactionStatus.Success,
            State = IpnOutboxState.Failed, Attempts = 1, LastError = "words only a person reads", LastTikiCode = 5,
            RecommendedAction = TikiVipRecommendedAction.RefundCustomer, CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
        };

        public Task<long> EnqueueAsync(IpnRequest ipn, CancellationToken cancellationToken = default) => Task.FromResult(Refused.Id);

        public Task<KeysetPage<IpnOutboxEntry>> QueryAsync(IpnOutboxQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult(new KeysetPage<IpnOutboxEntry>(query.State is null or IpnOutboxState.Failed ? [Refused] : [], null));

        public Task<IpnOutboxEntry?> FindAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(id == Refused.Id ? Refused : null);

        public Task<IReadOnlyList<IpnOutboxAttempt>> GetAttemptsAsync(long id, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<IpnOutboxAttempt>>([]);

        public Task<bool> RequeueAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<long> RequeueFailedAsync(IpnOutboxQuery filter, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task<long> RequeueFailedAsync(IpnOutboxQuery filter, long confirmedCount, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task<long> CountAsync(IpnOutboxQuery filter, CancellationToken cancellationToken = default) => Task.FromResult(0L);

        public Task<IpnOutboxSummary> GetSummaryAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new IpnOutboxSummary { Failed = 1 });
    }
}
