using System.Collections.Concurrent;

namespace PartnerApp;

/// <summary>A stand-in for your payments database: what was paid, and what was refunded of it.</summary>
public sealed class Ledger
{
    private readonly ConcurrentDictionary<string, Payment> _payments = new(StringComparer.Ordinal);

    public void Record(string orderId, string tikiTransactionId, long amount) => _payments[orderId] = new Payment(orderId, tikiTransactionId, amount);

    public Payment? Find(string orderId) => _payments.GetValueOrDefault(orderId);

    /// <summary>Refunds part or all of a payment, never more than is left of it.</summary>
    public bool TryRefund(string orderId, long amount)
    {
        while (_payments.TryGetValue(orderId, out var payment))
        {
            if (payment.Refunded + amount > payment.Amount)
            {
                return false;
            }

            if (_payments.TryUpdate(orderId, payment with { Refunded = payment.Refunded + amount }, payment))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One payment and what has been refunded of it, in VND.</summary>
public sealed record Payment(string OrderId, string TikiTransactionId, long Amount, long Refunded = 0);
