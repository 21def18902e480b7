using Microsoft.Extensions.Options;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The default quarantine: one process, bounded by <see cref="TikiVipRefundOptions.QuarantineCapacity"/>. Past
/// it, new entries are refused (Tiki keeps retrying them, so nothing is lost) rather than old ones forgotten.
/// </summary>
internal sealed class InMemoryRefundQuarantine(IOptionsMonitor<TikiVipOptions> options, TimeProvider time) : IRefundQuarantine, ITikiVipStore
{
    public bool IsSharedByInstances => false;

    public string StorageDescription => StorageDescriptions.InMemory;

    private readonly Dictionary<string, QuarantinedRefund> _entries = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public Task<QuarantinedRefund> AddAsync(QuarantinedRefund refund, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        lock (_lock)
        {
            if (_entries.TryGetValue(refund.Id, out var existing))
            {
                var again = Copy(existing, lastReceivedAt: time.GetUtcNow(), deliveries: existing.Deliveries + 1);
                _entries[refund.Id] = again;
                return Task.FromResult(again);
            }

            var capacity = options.CurrentValue.Refunds.QuarantineCapacity;
            if (_entries.Count >= capacity)
            {
                throw new InvalidOperationException(
                    $"The in-memory refund quarantine is full ({capacity} entries): resolve some, raise TikiVip:Refunds:QuarantineCapacity, or use PostgreSQL.");
            }

            _entries[refund.Id] = refund;
            return Task.FromResult(refund);
        }
    }

    public Task<RefundQuarantinePage> QueryAsync(RefundQuarantineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = ListLimit.Check(query.Limit);
        DateTimeOffset afterTime = default;
        var afterId = "";
        if (query.After is not null && !QuarantineCursor.TryParse(query.After, out afterTime, out afterId))
        {
            throw new ArgumentException($"'{query.After}' is not a page cursor of this quarantine.", nameof(query));
        }

        var search = query.Search?.Trim();
        lock (_lock)
        {
            var found = _entries.Values
                .Where(e => query.IncludeResolved || e.ResolvedAt is null)
                .Where(e => string.IsNullOrEmpty(search) || string.Equals(e.RequestId, search, StringComparison.OrdinalIgnoreCase) || string.Equals(e.Id, search, StringComparison.OrdinalIgnoreCase))
                .Where(e => query.After is null || QuarantineCursor.IsAfter(e, afterTime, afterId))
                .OrderByDescending(e => e.LastReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToList();
            return Task.FromResult(found.Count > limit
                ? new RefundQuarantinePage(found.Take(limit).ToArray(), QuarantineCursor.Of(found[limit - 1]))
                : new RefundQuarantinePage(found, null));
        }
    }

    public Task<bool> ResolveAsync(string id, string resolvedBy, string resolution, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolution);
        lock (_lock)
        {
            if (!_entries.TryGetValue(id, out var entry) || entry.ResolvedAt is not null)
            {
                return Task.FromResult(false);
            }

            _entries[id] = Copy(entry, resolvedAt: time.GetUtcNow(), resolvedBy: resolvedBy, resolution: resolution);
            return Task.FromResult(true);
        }
    }

    private static QuarantinedRefund Copy(
        QuarantinedRefund entry, DateTimeOffset? lastReceivedAt = null, int? deliveries = null,
        DateTimeOffset? resolvedAt = null, string? resolvedBy = null, string? resolution = null) =>
        new(entry.Id, entry.RequestId, entry.Body, entry.Field, entry.Problem, entry.FirstReceivedAt)
        {
            LastReceivedAt = lastReceivedAt ?? entry.LastReceivedAt,
            Deliveries = deliveries ?? entry.Deliveries,
            ResolvedAt = resolvedAt ?? entry.ResolvedAt,
            ResolvedBy = resolvedBy ?? entry.ResolvedBy,
            Resolution = resolution ?? entry.Resolution,
        };
}
