using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Diagnostics;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The default store: one process, bounded by a retention time and a capacity. It forgets everything on
/// restart and cannot coordinate several instances; use a shared store (PostgreSQL) for those.
/// </summary>
/// <remarks>
/// Compact, since it holds up to <see cref="TikiVipRefundOptions.IdempotencyCapacity"/> ids for weeks: a request id
/// is kept as its 128-bit XxHash (no string), its fingerprint as a 64-bit one, so an entry is about 70 bytes and
/// 100,000 ids fit in 7.5 MB. Request ids arrive in requests signed by Tiki, so nobody can aim for a collision,
/// and an accidental one among 100,000 ids has a probability of about 10^-29.
/// </remarks>
internal sealed class InMemoryRefundIdempotencyStore : IRefundIdempotencyStore
{
    private static readonly TimeSpan EvictionWarningInterval = TimeSpan.FromMinutes(1);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<TikiVipOptions> _options;
    private readonly ILogger<InMemoryRefundIdempotencyStore> _logger;
    private readonly Queue<RequestKey> _completedOldestFirst = new();
    private readonly Dictionary<RequestKey, (string RequestId, DateTimeOffset ClaimedAt)> _inProgress = new(); // records made only when listed
    private Dictionary<RequestKey, Entry> _entries = new(64);
    private int _room = 64;
    private long _lastToken;
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
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(fingerprint);
        cancellationToken.ThrowIfCancellationRequested();
        var refunds = _options.CurrentValue.Refunds;
        var now = _time.GetUtcNow();
        var key = RequestKey.Of(requestId);
        var print = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(fingerprint.AsSpan()));
        lock (_lock)
        {
            RemoveExpired((now - refunds.IdempotencyRetention).UtcTicks);
            if (_entries.TryGetValue(key, out var existing))
            {
                return new(new RefundClaim(requestId, existing.Fingerprint != print ? RefundClaimStatus.Conflict
                    : existing.CompletedTicks == 0 ? RefundClaimStatus.InProgress
                    : RefundClaimStatus.AlreadyCompleted));
            }

            while (_entries.Count >= refunds.IdempotencyCapacity && _completedOldestFirst.Count > 0)
            {
                // At capacity every new refund evicts one: warn once a minute with a count, not once a request.
                _evictedSinceWarning++;
                if (now - _lastEvictionWarning >= EvictionWarningInterval)
                {
                    Log.IdempotencyEvicted(_logger, refunds.IdempotencyCapacity, _evictedSinceWarning, requestId);
                    _lastEvictionWarning = now;
                    _evictedSinceWarning = 0;
                }

                _entries.Remove(_completedOldestFirst.Dequeue());
            }

            MakeRoom(refunds.IdempotencyCapacity);
            var token = ++_lastToken;
            _entries[key] = new Entry(print, token, CompletedTicks: 0);
            _inProgress[key] = (requestId, now);
            return new(new RefundClaim(requestId, RefundClaimStatus.Claimed, token.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public ValueTask CompleteAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var key = RequestKey.Of(claim.RequestId);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && IsHeldBy(entry, claim))
            {
                _entries[key] = entry with { CompletedTicks = Math.Max(1, _time.GetUtcNow().UtcTicks) };
                _completedOldestFirst.Enqueue(key);
                _inProgress.Remove(key);
            }
        }

        return default;
    }

    public ValueTask ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var key = RequestKey.Of(claim.RequestId);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && IsHeldBy(entry, claim))
            {
                _entries.Remove(key);
                _inProgress.Remove(key);
            }
        }

        return default;
    }

    /// <summary>The claims whose handler is running, oldest first (the hashed entries cannot name their request ids).</summary>
    internal IReadOnlyList<InProgressRefund> ListInProgress(int limit)
    {
        lock (_lock)
        {
            return _inProgress.Values.OrderBy(claim => claim.ClaimedAt).Take(limit)
                .Select(claim => new InProgressRefund { RequestId = claim.RequestId, ClaimedAt = claim.ClaimedAt }).ToArray();
        }
    }

    /// <summary>Whether the entry is still in progress under this claim (a late run cannot complete or release another's).</summary>
    private static bool IsHeldBy(Entry entry, RefundClaim claim) =>
        entry.CompletedTicks == 0 && long.TryParse(claim.Token, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token == entry.Token;

    private void RemoveExpired(long completedBeforeTicks)
    {
        // Completion order is expiry order, since the retention is the same for every entry.
        while (_completedOldestFirst.Count > 0 && _entries[_completedOldestFirst.Peek()].CompletedTicks < completedBeforeTicks)
        {
            _entries.Remove(_completedOldestFirst.Dequeue());
        }
    }

    /// <summary>Grows the table in steps that never overshoot the capacity (the default growth would nearly double it).</summary>
    private void MakeRoom(int capacity)
    {
        if (_entries.Count < _room)
        {
            return;
        }

        _room = Math.Max(_entries.Count + 1, Math.Min(_room * 2, capacity));
        var larger = new Dictionary<RequestKey, Entry>(_room);
        foreach (var pair in _entries)
        {
            larger.Add(pair.Key, pair.Value);
        }

        _entries = larger;
    }

    private readonly record struct RequestKey(ulong Low, ulong High)
    {
        public static RequestKey Of(string requestId)
        {
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(MemoryMarshal.AsBytes(requestId.AsSpan()), hash);
            return new RequestKey(MemoryMarshal.Read<ulong>(hash), MemoryMarshal.Read<ulong>(hash[8..]));
        }

        // The bits are already a good hash.
        public override int GetHashCode() => unchecked((int)Low);
    }

    /// <summary>A request id's fingerprint hash, its claim's token, and when it completed (0: in progress).</summary>
    private readonly record struct Entry(ulong Fingerprint, long Token, long CompletedTicks);
}
