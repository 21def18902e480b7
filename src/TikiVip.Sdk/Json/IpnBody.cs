using System.Text.Json.Serialization;

namespace TikiVip.Sdk.Json;

/// <summary>The IPN as sent: one body that is valid under every revision of Tiki's API.</summary>
internal sealed class IpnBody
{
    [JsonPropertyName("tiki_transaction_id")]
    public required string TikiTransactionId { get; init; }

    // The later revisions' name for the same id; sending both keeps one request valid everywhere.
    [JsonPropertyName("reference_transaction_id")]
    public required string ReferenceTransactionId { get; init; }

    [JsonPropertyName("transaction_id")]
    public required string TransactionId { get; init; }

    [JsonPropertyName("transaction_amount")]
    public required long TransactionAmount { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("partner_banking_method")]
    public string? PartnerBankingMethod { get; init; }

    public static IpnBody From(IpnRequest ipn) => new()
    {
        TikiTransactionId = ipn.TikiTransactionId,
        ReferenceTransactionId = ipn.TikiTransactionId,
        TransactionId = ipn.TransactionId,
        TransactionAmount = ipn.Amount,
        Status = TikiVipTransactionStatusNames.ToWireName(ipn.Status),
        PartnerBankingMethod = ipn.PartnerBankingMethod,
    };
}
