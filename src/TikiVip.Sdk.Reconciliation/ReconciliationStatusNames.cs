namespace TikiVip.Sdk.Reconciliation;

/// <summary>How a file spells each transaction status. Default: Tiki's wire names.</summary>
public sealed class ReconciliationStatusNames
{
    /// <summary>The spelling of a successful payment. Default: <c>SUCCESS</c>.</summary>
    public string Success { get; set; } = TikiVipTransactionStatusNames.Success;

    /// <summary>The spelling of a failed payment. Default: <c>FAILURE</c>.</summary>
    public string Failure { get; set; } = TikiVipTransactionStatusNames.Failure;

    /// <summary>The spelling of a payment still pending. Default: <c>PENDING</c>.</summary>
    public string Pending { get; set; } = TikiVipTransactionStatusNames.Pending;
}
