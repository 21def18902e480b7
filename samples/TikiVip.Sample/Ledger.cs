using System.Collections.Concurrent;

namespace TikiVip.Sample;

/// <summary>The partner's own records (a database in a real app): purchases and the refunds Tiki asked for.</summary>
public sealed class Ledger
{
    public ConcurrentDictionary<string, Purchase> Purchases { get; } = new();

    public ConcurrentQueue<Refund> Refunds { get; } = new();
}

public sealed record Purchase(string TransactionId, string TikiTransactionId, long Amount, DateTimeOffset At);

public sealed record Refund(string RequestId, string TransactionId, long Amount, string Reason, DateTimeOffset At);
