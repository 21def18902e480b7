using System.Text.Json;

namespace TikiVip.Sdk.Json;

/// <summary>The IPN as sent: one body that is valid under every revision of Tiki's API.</summary>
internal static class IpnBody
{
    private static readonly JsonEncodedText TikiTransactionId = WireJsonWriter.Name("tiki_transaction_id");

    // The later revisions' name for the same id; sending both keeps one request valid everywhere.
    private static readonly JsonEncodedText ReferenceTransactionId = WireJsonWriter.Name("reference_transaction_id");
    private static readonly JsonEncodedText TransactionId = WireJsonWriter.Name("transaction_id");
    private static readonly JsonEncodedText TransactionAmount = WireJsonWriter.Name("transaction_amount");
    private static readonly JsonEncodedText Status = WireJsonWriter.Name("status");
    private static readonly JsonEncodedText PartnerBankingMethod = WireJsonWriter.Name("partner_banking_method");

    /// <summary>The body's bytes: compact, in this order, <c>partner_banking_method</c> only when set.</summary>
    public static byte[] Serialize(IpnRequest ipn) => WireJsonWriter.Write(ipn, static (writer, ipn) =>
    {
        writer.WriteStartObject();
        writer.WriteString(TikiTransactionId, ipn.TikiTransactionId);
        writer.WriteString(ReferenceTransactionId, ipn.TikiTransactionId);
        writer.WriteString(TransactionId, ipn.TransactionId);
        writer.WriteNumber(TransactionAmount, ipn.Amount);
        writer.WriteString(Status, TikiVipTransactionStatusNames.ToWireName(ipn.Status));
        if (ipn.PartnerBankingMethod is { } method)
        {
            writer.WriteString(PartnerBankingMethod, method);
        }

        writer.WriteEndObject();
    });
}
