using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Reconciliation.Scheduling;

/// <summary>
/// Keeps runs in this process: enough for one instance, lost on restart (a restarted job then redoes yesterday,
/// which the SFTP upload's idempotency makes harmless). With several instances use <c>UsePostgreSql</c>.
/// </summary>
internal sealed class InMemoryReconciliationRunStore : IReconciliationRunStore, ITikiVipStore
{
    public bool IsSharedByInstances => false;

    public string StorageDescription => StorageDescriptions.InMemory;

    private readonly Dictionary<(string Partner, DateOnly Date), (ReconciliationRun Run, string? Owner, DateTimeOffset LeaseUntil)> _runs = [];
    private readonly object _gate = new();

    /// <inheritdoc/>
    public Task<ReconciliationRun?> TryAcquireAsync(string partnerName, DateOnly day, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var key = (partnerName, day);
            if (_runs.TryGetValue(key, out var entry) && entry.Owner is not null && entry.Owner != owner && entry.LeaseUntil > now)
            {
                return Task.FromResult<ReconciliationRun?>(null);
            }

            var run = entry.Run ?? new ReconciliationRun { PartnerName = partnerName, Date = day, UpdatedAt = now };
            _runs[key] = (run, owner, leaseUntil);
            return Task.FromResult<ReconciliationRun?>(run);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RenewAsync(string partnerName, DateOnly day, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue((partnerName, day), out var entry) || entry.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _runs[(partnerName, day)] = entry with { LeaseUntil = leaseUntil };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> SaveAsync(ReconciliationRun run, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            var key = (run.PartnerName, run.Date);
            if (!_runs.TryGetValue(key, out var entry) || entry.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _runs[key] = entry with { Run = run };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string partnerName, DateOnly day, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue((partnerName, day), out var entry) && entry.Owner == owner)
            {
                _runs[(partnerName, day)] = entry with { Owner = null };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ReconciliationRun>> GetRunsAsync(string partnerName, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ReconciliationRun> runs = _runs
                .Where(e => e.Key.Partner == partnerName && e.Key.Date >= first && e.Key.Date <= last)
                .Select(e => e.Value.Run)
                .OrderBy(r => r.Date)
                .ToList();
            return Task.FromResult(runs);
        }
    }
}
