using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Diagnostics;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Refunds;

/// <summary>
/// The default store: one process, bounded by a retention time and a capacity. It forgets everything on
/// restart and cannot coordinate several instances; use a shared store (PostgreSQL) for those.
/// </summary>
/// <remarks>
/// Compact, since it holds up to <see cref="TikiVipRefundOptions.IdempotencyCapacity"/> ids for weeks: a request id
/// is kept as its 128-bit XxHash (no string), its fingerprint as a 64-bit one, so an entry is about 70 bytes and
/// 100,000 ids fit in 7.5 MB. Request ids arrive in requests signed by Tiki, so nobody can aim for a collision,
/// and an accidental one among 100,000 ids has a probability of about 10^-29. The amounts refunded per Tiki
/// transaction (64-bit hashes of its id) live as long as one of its refunds is remembered: a collision could only
/// make a refund look too large and be quarantined, never let one through.
/// </remarks>
internal sealed class InMemoryRefundIdempotencyStore : IRefundIdempotencyStore, ITikiVipStore
{
    public bool IsSharedByInstances => false;

    public string StorageDescription => StorageDescriptions.InMemory;

    private static readonly TimeSpan EvictionWarningInterval = TimeSpan.FromMinutes(1);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<TikiVipOptions> _options;
    private readonly ILogger<InMemoryRefundIdempotencyStore> _logger;
    private readonly Queue<RequestKey> _completedOldestFirst = new();
    private readonly Dictionary<RequestKey, (string RequestId, DateTimeOffset ClaimedAt)> _inProgress = new(); // records made only when listed
    private readonly Dictionary<ulong, RefundedTotal> _refunded = new();
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

    public Task<RefundClaim> TryClaimAsync(RefundRequest refund, string fingerprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(fingerprint);
        var requestId = refund.RequestId;
        cancellationToken.ThrowIfCancellationRequested();
        var refunds = _options.CurrentValue.Refunds;
        var now = _time.GetUtcNow();
        var key = RequestKey.Of(requestId);
        var print = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(fingerprint.AsSpan()));
        var transaction = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(refund.TikiTransactionId.AsSpan()));
        lock (_lock)
        {
            RemoveExpired((now - refunds.IdempotencyRetention).UtcTicks);
            if (_entries.TryGetValue(key, out var existing))
            {
                return Task.FromResult(new RefundClaim(requestId, existing.Fingerprint != print ? RefundClaimStatus.Conflict
                    : existing.CompletedTicks == 0 ? RefundClaimStatus.InProgress
                    : RefundClaimStatus.AlreadyCompleted));
            }

            var refunded = _refunded.TryGetValue(transaction, out var total) ? total.Amount : 0;
            if (refunded + refund.RefundAmount > refund.TransactionAmount)
            {
                return Task.FromResult(new RefundClaim(requestId, RefundClaimStatus.ExceedsTransactionAmount, alreadyRefunded: refunded));
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

                Forget(_completedOldestFirst.Dequeue(), giveAmountBack: false);
            }

            MakeRoom(refunds.IdempotencyCapacity);
            var token = ++_lastToken;
            _entries[key] = new Entry(print, token, CompletedTicks: 0, transaction, refund.RefundAmount);
            _refunded[transaction] = _refunded.TryGetValue(transaction, out total)
                ? new RefundedTotal(total.Amount + refund.RefundAmount, total.Refunds + 1)
                : new RefundedTotal(refund.RefundAmount, 1);
            _inProgress[key] = (requestId, now);
            return Task.FromResult(new RefundClaim(requestId, RefundClaimStatus.Claimed, token.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public Task CompleteAsync(RefundClaim claim, CancellationToken cancellationToken)
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

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(RefundClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var key = RequestKey.Of(claim.RequestId);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && IsHeldBy(entry, claim))
            {
                Forget(key, giveAmountBack: true);
                _inProgress.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The claims whose handler is running, oldest first (kept apart: the hashed entries cannot name their request ids).</summary>
    public Task<IReadOnlyList<InProgressRefund>> ListInProgressAsync(int limit, CancellationToken cancellationToken = default)
    {
        ListLimit.Check(limit);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<InProgressRefund>>(_inProgress.Values.OrderBy(claim => claim.ClaimedAt).Take(limit)
                .Select(claim => new InProgressRefund { RequestId = claim.RequestId, ClaimedAt = claim.ClaimedAt }).ToArray());
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
            Forget(_completedOldestFirst.Dequeue(), giveAmountBack: false);
        }
    }

    /// <summary>
    /// Removes an entry. A released claim gives its amount back; an expired or evicted refund keeps counting
    /// until every refund of its transaction is forgotten, so what is remembered never under-counts.
    /// </summary>
    private void Forget(RequestKey key, bool giveAmountBack)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return;
        }

        _entries.Remove(key);
        var total = _refunded[entry.Transaction];
        if (total.Refunds == 1)
        {
            _refunded.Remove(entry.Transaction);
        }
        else
        {
            _refunded[entry.Transaction] = new RefundedTotal(giveAmountBack ? total.Amount - entry.Amount : total.Amount, total.Refunds - 1);
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

    /// <summary>
    /// A request id's fingerprint hash, its claim's token, when it completed (0: in progress), its Tiki
    /// transaction's hash and the amount it refunds.
    /// </summary>
    private readonly record struct Entry(ulong Fingerprint, long Token, long CompletedTicks, ulong Transaction, long Amount);

    /// <summary>What the remembered refunds of one Tiki transaction add up to, and how many they are.</summary>
    private readonly record struct RefundedTotal(long Amount, int Refunds);
}
