using System.Text.Json.Serialization;

namespace TikiVip.Sdk.Json;

/// <summary>A refund callback body as Tiki sends it; used by the emulator and the test helpers.</summary>
internal sealed class RefundBody
{
    [JsonPropertyName("tiki_transaction_id")]
    public required string TikiTransactionId { get; init; }

    [JsonPropertyName("transaction_amount")]
    public required long TransactionAmount { get; init; }

    [JsonPropertyName("transaction_id")]
    public required string TransactionId { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("request_id")]
    public required string RequestId { get; init; }
}
