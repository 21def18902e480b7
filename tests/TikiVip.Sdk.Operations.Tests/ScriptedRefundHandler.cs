using System.Collections.Concurrent;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>The partner's refund handler: accepts, unless a test holds it (a refund in progress).</summary>
internal sealed class ScriptedRefundHandler
{
    public ConcurrentQueue<RefundRequest> Refunds { get; } = new();

    public TaskCompletionSource? Gate { get; set; }

    public TaskCompletionSource Entered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed class Scoped(ScriptedRefundHandler script) : IRefundHandler
    {
        public async Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            script.Entered.TrySetResult();
            if (script.Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            script.Refunds.Enqueue(refund);
            return RefundResult.Accepted();
        }
    }
}
