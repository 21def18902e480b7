using System.Text.Json;

namespace TikiVip.Sdk.Refunds;

/// <summary>A verified refund request from Tiki (API reference, "3. Refund").</summary>
public sealed class RefundRequest
{
    /// <summary>Creates a refund request (the SDK does this after verification; partners do it in their tests).</summary>
    /// <exception cref="ArgumentException">An id is empty or the amount is not positive.</exception>
    /// <param name="tikiTransactionId">Tiki's transaction id (<c>tiki_transaction_id</c>).</param>
    /// <param name="transactionId">The partner's transaction id (<c>transaction_id</c>).</param>
    /// <param name="amount">The amount to refund in VND (<c>transaction_amount</c>).</param>
    /// <param name="reason">Why the refund happens (<c>reason</c>).</param>
    /// <param name="requestId">Tiki's refund request id (<c>request_id</c>), the idempotency key.</param>
    public RefundRequest(string tikiTransactionId, string transactionId, long amount, string reason, string requestId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentNullException.ThrowIfNull(reason);
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be a positive whole number of VND.");
        }

        TikiTransactionId = tikiTransactionId;
        TransactionId = transactionId;
        Amount = amount;
        Reason = reason;
        RequestId = requestId;
    }

    /// <summary>Tiki's transaction id (<c>tiki_transaction_id</c>).</summary>
    public string TikiTransactionId { get; }

    /// <summary>The partner's transaction id (<c>transaction_id</c>).</summary>
    public string TransactionId { get; }

    /// <summary>The amount to refund in VND (<c>transaction_amount</c>).</summary>
    public long Amount { get; }

    /// <summary>Why the refund happens (<c>reason</c>).</summary>
    public string Reason { get; }

    /// <summary>Tiki's refund request id (<c>request_id</c>); the SDK guarantees the handler runs once per id.</summary>
    public string RequestId { get; }

    /// <summary>
    /// The amount Tiki asks to refund in VND (<c>request_amount</c>), when it sends one next to
    /// <see cref="Amount"/>: a partial refund. <see langword="null"/> when absent.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public long? RequestAmount
    {
        get;
        init => field = value is <= 0 ? throw new ArgumentOutOfRangeException(nameof(RequestAmount), value, "The requested amount must be a positive whole number of VND.") : value;
    }

    /// <summary>
    /// Fields of the body the SDK does not know (Tiki may add some), by name, as Tiki sent them. They are not
    /// validated; they are part of what the signature covered.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalFields { get; init; } = NoAdditionalFields;

    internal static IReadOnlyDictionary<string, JsonElement> NoAdditionalFields { get; } = new Dictionary<string, JsonElement>(0);
}
