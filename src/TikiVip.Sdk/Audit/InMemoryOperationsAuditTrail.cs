using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Audit;

/// <summary>The default audit trail: this process's last <see cref="Capacity"/> actions, forgotten on restart.</summary>
internal sealed class InMemoryOperationsAuditTrail : IOperationsAuditTrail, ITikiVipStore
{
    internal const int Capacity = 10_000;

    private readonly object _lock = new();
    private readonly Queue<OperationsAuditEntry> _entries = new();
    private long _lastId;

    public bool IsSharedByInstances => false;

    public string StorageDescription => StorageDescriptions.InMemory;

    public Task RecordAsync(OperationsAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry with { Id = ++_lastId });
        }

        return Task.CompletedTask;
    }

    public Task<KeysetPage<OperationsAuditEntry>> QueryAsync(OperationsAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        var search = query.Search?.Trim();
        List<OperationsAuditEntry> found;
        lock (_lock)
        {
            found = _entries.Reverse()
                .Where(e => (query.Before is not { } before || e.Id < before)
                    && (string.IsNullOrEmpty(search)
                        || string.Equals(e.Actor, search, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(e.Target.ToString(), search, StringComparison.OrdinalIgnoreCase)))
                .Take(limit + 1)
                .ToList();
        }

        return Task.FromResult(KeysetPage.FromRowsRead(found, limit, e => e.Id));
    }
}
