using TikiVip.Sdk.Json;
using TikiVip.Sdk.Shared;
namespace TikiVip.Sdk;

/// <summary>An IPN: the partner's report to Tiki of a payment's outcome.</summary>
public sealed class IpnRequest
{
    /// <summary>Creates an IPN, validating every value before anything is sent.</summary>
    /// <param name="tikiTransactionId">Tiki's transaction id (sent as both <c>tiki_transaction_id</c> and <c>reference_transaction_id</c>).</param>
    /// <param name="transactionId">The partner's own transaction id.</param>
    /// <param name="amount">The amount in VND: a positive whole number.</param>
    /// <param name="status">The outcome of the payment.</param>
    /// <exception cref="ArgumentException">An id is empty or not valid UTF-16, the amount is not positive (or above 2^53 - 1), or the status is undefined.</exception>
    public IpnRequest(string tikiTransactionId, string transactionId, long amount, TikiVipTransactionStatus status)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tikiTransactionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(transactionId);
        WireText.ThrowIfInvalid(tikiTransactionId, nameof(tikiTransactionId));
        WireText.ThrowIfInvalid(transactionId, nameof(transactionId));
        if (amount is <= 0 or > WireText.MaxSafeInteger)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be a positive whole number of VND, at most 2^53 - 1 (JavaScript's largest exact integer).");
        }

        if (!Enum.IsDefined<TikiVipTransactionStatus>(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "The status must be Success, Failure or Pending.");
        }

        TikiTransactionId = tikiTransactionId;
        TransactionId = transactionId;
        Amount = amount;
        Status = status;
    }

    /// <summary>Tiki's transaction id.</summary>
    public string TikiTransactionId { get; }

    /// <summary>The partner's transaction id.</summary>
    public string TransactionId { get; }

    /// <summary>The amount in VND.</summary>
    public long Amount { get; }

    /// <summary>The outcome being reported.</summary>
    public TikiVipTransactionStatus Status { get; }

    /// <summary>Optional: the payment-method code the customer used in the partner's app, as agreed with Tiki.</summary>
    public string? PartnerBankingMethod
    {
        get;
        init => field = WireText.ThrowIfInvalid(value, nameof(PartnerBankingMethod));
    }
}
