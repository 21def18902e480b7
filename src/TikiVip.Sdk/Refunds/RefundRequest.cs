using System.Text.Json;

namespace TikiVip.Sdk.Refunds;

/// <summary>A verified refund request from Tiki (API reference, "3. Refund").</summary>
public sealed class RefundRequest
{
    /// <summary>Creates a refund request (the SDK does this after verification; partners do it in their tests).</summary>
    /// <exception cref="ArgumentException">An id is empty or the amount is not positive.</exception>
    /// <param name="tikiTransactionId">Tiki's transaction id (<c>tiki_transaction_id</c>).</param>
    /// <param name="transactionId">The partner's transaction id (<c>transaction_id</c>).</param>
    /// <param name="transactionAmount">The amount the customer paid in VND (<c>transaction_amount</c>); not necessarily what to refund.</param>
    /// <param name="reason">Why the refund happens (<c>reason</c>).</param>
    /// <param name="requestId">Tiki's refund request id (<c>request_id</c>), the idempotency key.</param>
    public RefundRequest(string tikiTransactionId, string transactionId, long transactionAmount, string reason, string requestId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentNullException.ThrowIfNull(reason);
        if (transactionAmount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(transactionAmount), transactionAmount, "The transaction amount must be a positive whole number of VND.");
        }

        TikiTransactionId = tikiTransactionId;
        TransactionId = transactionId;
        TransactionAmount = transactionAmount;
        Reason = reason;
        RequestId = requestId;
    }

    /// <summary>Tiki's transaction id (<c>tiki_transaction_id</c>).</summary>
    public string TikiTransactionId { get; }

    /// <summary>The partner's transaction id (<c>transaction_id</c>).</summary>
    public string TransactionId { get; }

    /// <summary>
    /// The amount the customer paid for the transaction in VND (<c>transaction_amount</c>). This is not what to pay
    /// back when Tiki refunds part of it: refund <see cref="RefundAmount"/>.
    /// </summary>
    public long TransactionAmount { get; }

    /// <summary>
    /// The amount to pay back in VND: <see cref="RequestAmount"/> when Tiki sent one (a partial refund), otherwise
    /// <see cref="TransactionAmount"/> (a full refund). Never more than <see cref="TransactionAmount"/>, and the SDK
    /// refuses refunds of one transaction that together would exceed it.
    /// </summary>
    public long RefundAmount => RequestAmount ?? TransactionAmount;

    /// <summary>Why the refund happens (<c>reason</c>).</summary>
    public string Reason { get; }

    /// <summary>Tiki's refund request id (<c>request_id</c>); the SDK guarantees the handler runs once per id.</summary>
    public string RequestId { get; }

    /// <summary>
    /// The amount Tiki asks to refund in VND (<c>request_amount</c>) exactly as sent, or <see langword="null"/> when
    /// Tiki did not send one. Use <see cref="RefundAmount"/> to know what to pay back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive, or larger than <see cref="TransactionAmount"/>.</exception>
    public long? RequestAmount
    {
        get;
        init => field = value is <= 0 ? throw new ArgumentOutOfRangeException(nameof(RequestAmount), value, "The requested amount must be a positive whole number of VND.")
            : value > TransactionAmount ? throw new ArgumentOutOfRangeException(nameof(RequestAmount), value, $"The requested amount must not exceed the transaction amount ({TransactionAmount}).")
            : value;
    }

    /// <summary>
    /// Fields of the body the SDK does not know (Tiki may add some), by name, as Tiki sent them. They are not
    /// validated; they are part of what the signature covered.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> AdditionalFields { get; init; } = NoAdditionalFields;

    internal static IReadOnlyDictionary<string, JsonElement> NoAdditionalFields { get; } = new Dictionary<string, JsonElement>(0);
}
