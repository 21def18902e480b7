using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.Benchmarks;

/// <summary>
/// The refund pipeline without HTTP (checks, verify, parse, idempotency claim, no-op handler) against a
/// hand-written HMAC verify plus JsonSerializer.Deserialize of the same bodies. Each invocation uses a refund
/// with a request id the store does not hold, as in production.
/// </summary>
[MemoryDiagnoser]
public class RefundPipelineBenchmarks
{
    private const int Distinct = 4096;
    private SignedRefund[] _refunds = [];
    private int _next;
    private ServiceProvider _services = null!;
    private TikiVipRefundProcessor _processor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(Credentials.Timestamp);
        _refunds = Enumerable.Range(0, Distinct).Select(i =>
        {
            // A payment of its own per refund: refunds of one transaction may not add up to more than it (same length as Tiki's ids).
            var refund = new RefundRequest($"221115TIKIVIP-235784371-{i:D10}", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", $"rf-bench-{i:D6}");
            var signed = TikiVipSignedRequest.ForRefund(refund, Credentials.ClientId, Credentials.ClientSecret, signedAt);
            return new SignedRefund(signed.Body, signed.Timestamp.ToString(CultureInfo.InvariantCulture), signed.Signature);
        }).ToArray();

        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(signedAt));
        services.AddTikiVip(o =>
            {
                o.ClientId = Credentials.ClientId;
                o.ClientSecret = Credentials.ClientSecret;
                o.Environment = TikiVipEnvironment.Sandbox;
                o.Refunds.IdempotencyCapacity = Distinct / 4; // ids come round again only after being evicted
            })
            .AddRefundHandler<NoOpRefundHandler>();
        _services = services.BuildServiceProvider();
        _processor = _services.GetRequiredService<TikiVipRefundProcessor>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written: HMAC verify + JsonSerializer.Deserialize")]
    public string VerifyAndDeserialize()
    {
        var refund = Next();
        if (!TikiVipSignature.Verify(refund.Signature, Credentials.Timestamp, Credentials.ClientId, refund.Body, Credentials.ClientSecret))
        {
            throw new InvalidOperationException("bad signature");
        }

        return JsonSerializer.Deserialize<RefundDto>(refund.Body)!.RequestId;
    }

    [Benchmark(Description = "TikiVipRefundProcessor.ProcessAsync (all checks + idempotency + handler)")]
    public async Task<int> Pipeline()
    {
        var refund = Next();
        var delivery = new RefundDelivery("POST", new MemoryStream(refund.Body, writable: false))
        {
            ContentType = "application/json",
            ContentLength = refund.Body.Length,
            Timestamp = refund.Timestamp,
            ClientId = Credentials.ClientId,
            Signature = refund.Signature,
        };
        var response = await _processor.ProcessAsync(delivery, _services, CancellationToken.None);
        return response.StatusCode == 200 ? 200 : throw new InvalidOperationException($"status {response.StatusCode}");
    }

    private SignedRefund Next() => _refunds[_next++ % Distinct];

    private sealed record SignedRefund(byte[] Body, string Timestamp, string Signature);

    private sealed class RefundDto
    {
        [JsonPropertyName("tiki_transaction_id")]
        public string TikiTransactionId { get; set; } = "";

        [JsonPropertyName("transaction_amount")]
        public long TransactionAmount { get; set; }

        [JsonPropertyName("transaction_id")]
        public string TransactionId { get; set; } = "";

        [JsonPropertyName("reason")]
        public string Reason { get; set; } = "";

        [JsonPropertyName("request_id")]
        public string RequestId { get; set; } = "";
    }
}
