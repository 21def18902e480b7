using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>A handler that accepts at once, so only the SDK's own work is measured.</summary>
public sealed class NoOpRefundHandler : IRefundHandler
{
    private static readonly Task<RefundResult> Accepted = Task.FromResult(RefundResult.Accepted());

    public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken) => Accepted;
}
