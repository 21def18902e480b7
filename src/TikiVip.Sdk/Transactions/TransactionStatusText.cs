namespace TikiVip.Sdk;

/// <summary>Tiki's wire names for <see cref="TikiVipTransactionStatus"/>.</summary>
internal static class TransactionStatusText
{
    public static string ToWire(TikiVipTransactionStatus status) => status switch
    {
        TikiVipTransactionStatus.Success => "SUCCESS",
        TikiVipTransactionStatus.Failure => "FAILURE",
        TikiVipTransactionStatus.Pending => "PENDING",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown transaction status."),
    };

    public static bool TryParse(string? text, out TikiVipTransactionStatus status)
    {
        status = text?.ToUpperInvariant() switch
        {
            "SUCCESS" => TikiVipTransactionStatus.Success,
            "FAILURE" => TikiVipTransactionStatus.Failure,
            "PENDING" => TikiVipTransactionStatus.Pending,
            _ => 0,
        };
        return status != 0;
    }
}
