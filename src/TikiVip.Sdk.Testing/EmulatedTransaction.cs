namespace TikiVip.Sdk.Testing;

/// <summary>A transaction in the emulator's ledger.</summary>
public sealed class EmulatedTransaction
{
    internal EmulatedTransaction(string tikiTransactionId, long amount, bool belongsToAnotherPartner)
    {
        TikiTransactionId = tikiTransactionId;
        Amount = amount;
        BelongsToAnotherPartner = belongsToAnotherPartner;
    }

    /// <summary>Tiki's transaction id.</summary>
    public string TikiTransactionId { get; }

    /// <summary>The amount the customer pays, in VND.</summary>
    public long Amount { get; }

    /// <summary>Whether the transaction is another partner's (IPNs and lookups for it get code 4).</summary>
    public bool BelongsToAnotherPartner { get; }

    /// <summary>The partner's transaction id, once an IPN reported it.</summary>
    public string? PartnerTransactionId { get; internal set; }

    /// <summary>The status the last accepted IPN reported; <see cref="TikiVipTransactionStatus.Pending"/> before any.</summary>
    public TikiVipTransactionStatus Status { get; internal set; } = TikiVipTransactionStatus.Pending;

    /// <summary>Whether the transaction was cancelled (IPNs and lookups get code 6).</summary>
    public bool IsCancelled { get; internal set; }

    /// <summary>How many IPNs for it were accepted.</summary>
    public int AcceptedIpnCount { get; internal set; }

    /// <summary>The partner banking method the last IPN reported, if any.</summary>
    public string? PartnerBankingMethod { get; internal set; }
}
