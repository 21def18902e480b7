namespace TikiVip.Sdk;

/// <summary>A transaction as Tiki records it, returned by <see cref="ITikiVipClient.GetTransactionAsync"/>.</summary>
public sealed class TikiTransaction
{
    /// <summary>Creates a transaction (for fakes in partners' tests).</summary>
    /// <param name="tikiTransactionId">Tiki's transaction id.</param>
    /// <param name="partnerTransactionId">The partner's transaction id Tiki has on record, if any.</param>
    /// <param name="status">The status Tiki records.</param>
    /// <param name="amount">The amount in VND.</param>
    public TikiTransaction(string tikiTransactionId, string? partnerTransactionId, TikiVipTransactionStatus status, long amount)
    {
        TikiTransactionId = tikiTransactionId;
        PartnerTransactionId = partnerTransactionId;
        Status = status;
        Amount = amount;
    }

    /// <summary>Tiki's transaction id.</summary>
    public string TikiTransactionId { get; }

    /// <summary>The partner's transaction id Tiki has on record, if any.</summary>
    public string? PartnerTransactionId { get; }

    /// <summary>Whether Tiki considers the transaction paid, failed or pending.</summary>
    public TikiVipTransactionStatus Status { get; }

    /// <summary>The amount in VND.</summary>
    public long Amount { get; }
}
