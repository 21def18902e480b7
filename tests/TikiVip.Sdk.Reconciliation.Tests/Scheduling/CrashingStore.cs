using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// A run store through which the process "dies": the first save matching <c>crashWhen</c> fails, and so does
/// every call after it, as nothing of a dead process reaches the store. The lease it held is left to expire.
/// </summary>
public sealed class CrashingStore(IReconciliationRunStore inner, Func<ReconciliationRun, bool> crashWhen) : IReconciliationRunStore
{
    public bool Crashed { get; private set; }

    public Task<ReconciliationRun?> TryAcquireAsync(string partnerName, DateOnly day, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Alive() ? inner.TryAcquireAsync(partnerName, day, owner, now, leaseUntil, cancellationToken) : throw Dead();

    public Task<bool> RenewAsync(string partnerName, DateOnly day, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Alive() ? inner.RenewAsync(partnerName, day, owner, leaseUntil, cancellationToken) : throw Dead();

    public Task<bool> SaveAsync(ReconciliationRun run, string owner, CancellationToken cancellationToken)
    {
        if (Alive() && crashWhen(run))
        {
            Crashed = true;
        }

        return Alive() ? inner.SaveAsync(run, owner, cancellationToken) : throw Dead();
    }

    public Task ReleaseAsync(string partnerName, DateOnly day, string owner, CancellationToken cancellationToken) =>
        Alive() ? inner.ReleaseAsync(partnerName, day, owner, cancellationToken) : throw Dead();

    public Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(string partnerName, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        Alive() ? inner.GetRunsAsync(partnerName, first, last, cancellationToken) : throw Dead();

    private bool Alive() => !Crashed;

    private static IOException Dead() => new("the process died here");
}
