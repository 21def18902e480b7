using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Refunds;

/// <summary>The default history: this process's last <see cref="Capacity"/> deliveries, forgotten on restart.</summary>
internal sealed class InMemoryRefundHistory : IRefundHistory, ITikiVipStore
{
    public bool IsSharedByInstances => false;

    public string StorageDescription => StorageDescriptions.InMemory;

    internal const int Capacity = 500;

    private readonly object _lock = new();
    private readonly RefundHistoryEntry[] _ring = new RefundHistoryEntry[Capacity];
    private int _next;
    private int _count;
    private long _lastId;

    public Task RecordAsync(RefundHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _ring[_next] = entry with { Id = ++_lastId };
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }

        return Task.CompletedTask;
    }

    public Task<KeysetPage<RefundHistoryEntry>> QueryAsync(RefundHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        var search = query.Search?.Trim();
        var found = new List<RefundHistoryEntry>();
        lock (_lock)
        {
            for (var i = 0; i < _count && found.Count <= limit; i++)
            {
                var entry = _ring[(_next - 1 - i + Capacity) % Capacity];
                if ((query.Before is not { } before || entry.Id < before)
                    && (query.Outcome is not { } outcome || entry.Outcome == outcome)
                    && (string.IsNullOrEmpty(search)
                        || string.Equals(entry.RequestId, search, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(entry.TikiTransactionId, search, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(entry);
                }
            }
        }

        return Task.FromResult(KeysetPage.FromRowsRead(found, limit, e => e.Id));
    }
}
