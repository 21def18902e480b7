using System.Text.Json;

using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.Testing;

/// <summary>Writes a refund body the way Tiki does (field order and raw UTF-8 text as in the API reference's third vector).</summary>
internal static class RefundBodyWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = Sdk.Shared.JsonStringifyEncoder.Instance };

    public static byte[] Write(RefundRequest refund)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("tiki_transaction_id", refund.TikiTransactionId);
            writer.WriteNumber("transaction_amount", refund.TransactionAmount);
            if (refund.RequestAmount is { } requested)
            {
                writer.WriteNumber("request_amount", requested);
            }

            writer.WriteString("transaction_id", refund.TransactionId);
            writer.WriteString("reason", refund.Reason);
            writer.WriteString("request_id", refund.RequestId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
