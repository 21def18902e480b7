using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Diagnostics;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The default store: one process, bounded by a retention time and a capacity. It forgets everything on
/// restart and cannot coordinate several instances; use a shared store (PostgreSQL) for those.
/// </summary>
internal sealed class InMemoryRefundIdempotencyStore : IRefundIdempotencyStore
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _completedOldestFirst = new();
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<TikiVipOptions> _options;
    private readonly ILogger<InMemoryRefundIdempotencyStore> _logger;
    private static readonly TimeSpan EvictionWarningInterval = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastEvictionWarning = DateTimeOffset.MinValue;
    private int _evictedSinceWarning;

    public InMemoryRefundIdempotencyStore(TimeProvider time, IOptionsMonitor<TikiVipOptions> options, ILogger<InMemoryRefundIdempotencyStore> logger)
    {
        _time = time;
        _options = options;
        _logger = logger;
    }

    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public ValueTask<RefundClaim> TryClaimAsync(string requestId, string fingerprint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var refunds = _options.CurrentValue.Refunds;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            RemoveExpired(now - refunds.IdempotencyRetention);
            if (_entries.TryGetValue(requestId, out var existing))
            {
                return new(new RefundClaim(requestId, existing.Fingerprint != fingerprint ? RefundClaimStatus.Conflict
                    : existing.CompletedNode is null ? RefundClaimStatus.InProgress
                    : RefundClaimStatus.AlreadyCompleted));
            }

            while (_entries.Count >= refunds.IdempotencyCapacity && _completedOldestFirst.First is { } oldest)
            {
                // At capacity every new refund evicts one: warn once a minute with a count, not once a request.
                _evictedSinceWarning++;
                if (now - _lastEvictionWarning >= EvictionWarningInterval)
                {
                    Log.IdempotencyEvicted(_logger, refunds.IdempotencyCapacity, _evictedSinceWarning, oldest.Value);
                    _lastEvictionWarning = now;
                    _evictedSinceWarning = 0;
                }

                Remove(oldest.Value);
            }

            var entry = new Entry(fingerprint, Guid.NewGuid().ToString("N"));
            _entries[requestId] = entry;
            return new(new RefundClaim(requestId, RefundClaimStatus.Claimed, entry.Token));
        }
    }

    public ValueTask CompleteAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            if (_entries.TryGetValue(claim.RequestId, out var entry) && entry.Token == claim.Token && entry.CompletedNode is null)
            {
                entry.CompletedAt = _time.GetUtcNow();
                entry.CompletedNode = _completedOldestFirst.AddLast(claim.RequestId);
            }
        }

        return default;
    }

    public ValueTask ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_lock)
        {
            if (_entries.TryGetValue(claim.RequestId, out var entry) && entry.Token == claim.Token && entry.CompletedNode is null)
            {
                _entries.Remove(claim.RequestId);
            }
        }

        return default;
    }

    private void RemoveExpired(DateTimeOffset completedBefore)
    {
        // Completion order is expiry order, since the retention is the same for every entry.
        while (_completedOldestFirst.First is { } oldest && _entries[oldest.Value].CompletedAt < completedBefore)
        {
            Remove(oldest.Value);
        }
    }

    private void Remove(string requestId)
    {
        var entry = _entries[requestId];
        _entries.Remove(requestId);
        if (entry.CompletedNode is not null)
        {
            _completedOldestFirst.Remove(entry.CompletedNode);
        }
    }

    private sealed class Entry(string fingerprint, string token)
    {
        public string Fingerprint { get; } = fingerprint;

        public string Token { get; } = token;

        public DateTimeOffset CompletedAt { get; set; }

        public LinkedListNode<string>? CompletedNode { get; set; }
    }
}
