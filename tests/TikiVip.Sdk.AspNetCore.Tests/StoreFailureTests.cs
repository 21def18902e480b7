using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.AspNetCore.Tests;

/// <summary>What the endpoint answers when the idempotency store itself fails (a database outage).</summary>
public sealed class StoreFailureTests
{
    private static readonly RefundRequest Refund = new("TIKI-1", "P-1", 50000, "r", "rf-1");

    [Fact]
    public async Task A_store_that_cannot_claim_gives_500_and_the_handler_does_not_run()
    {
        await using var app = await StartAsync(new FailingStore { FailClaim = true });

        using var response = await app.SendAsync(app.Sign(Refund));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"error":"refund_unavailable"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(app.Handler.Calls);
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Message.Contains("failed to claim refund rf-1"));
    }

    [Fact]
    public async Task A_store_that_cannot_record_completion_still_answers_200_so_tiki_does_not_refund_twice()
    {
        await using var app = await StartAsync(new FailingStore { FailComplete = true });

        using var response = await app.SendAsync(app.Sign(Refund));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(app.Handler.Calls);
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Message.Contains("failed to complete refund rf-1"));
    }

    [Fact]
    public async Task A_store_that_cannot_release_after_a_handler_failure_still_answers_500()
    {
        await using var app = await StartAsync(new FailingStore { FailRelease = true });
        app.Handler.Behaviour = (_, _) => Task.FromResult(RefundResult.Failed("bank offline"));

        using var response = await app.SendAsync(app.Sign(Refund));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"error":"refund_failed"}""", await response.Content.ReadAsStringAsync());
    }

    private static Task<RefundApp> StartAsync(FailingStore store) =>
        RefundApp.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IRefundIdempotencyStore>(store)));

    private sealed class FailingStore : IRefundIdempotencyStore
    {
        public bool FailClaim { get; init; }

        public bool FailComplete { get; init; }

        public bool FailRelease { get; init; }

        public Task<RefundClaim> TryClaimAsync(RefundRequest refund, string fingerprint, CancellationToken cancellationToken) =>
            FailClaim ? throw new TimeoutException("database unreachable") : Task.FromResult(new RefundClaim(refund.RequestId, RefundClaimStatus.Claimed, "token"));

        public Task CompleteAsync(RefundClaim claim, CancellationToken cancellationToken) =>
            FailComplete ? throw new TimeoutException("database unreachable") : Task.CompletedTask;

        public Task ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken) =>
            FailRelease ? throw new TimeoutException("database unreachable") : Task.CompletedTask;

        public Task<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<InProgressRefund>>([]);
    }
}
