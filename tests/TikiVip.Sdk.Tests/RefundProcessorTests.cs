using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;

namespace TikiVip.Sdk.Tests;

/// <summary>
/// The refund pipeline with no web host (API reference, "3. Refund"): what any host, and the netstandard2.0
/// build for .NET Framework partners, gets from TikiVipRefundProcessor.
/// </summary>
public sealed class RefundProcessorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(ApiReference.Vector3Timestamp).AddSeconds(1));
    private readonly ServiceProvider _provider;
    private readonly TikiVipRefundProcessor _processor;

    public RefundProcessorTests()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<RecordingHandler.Calls>();
        services.AddTikiVip(o =>
            {
                o.ClientId = ApiReference.ClientId;
                o.ClientSecret = ApiReference.ClientSecret;
                o.Environment = TikiVipEnvironment.Sandbox;
            })
            .AddRefundHandler<RecordingHandler>();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _processor = _provider.GetRequiredService<TikiVipRefundProcessor>();
    }

    private ConcurrentQueue<RefundRequest> Handled => _provider.GetRequiredService<RecordingHandler.Calls>().Refunds;

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task The_api_references_signed_refund_is_accepted_and_handled_once()
    {
        var response = await ProcessAsync(Vector3());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"status":"accepted","request_id":"rf-20221115-0001"}""", Encoding.UTF8.GetString(response.Body.Span));
        var refund = Assert.Single(Handled);
        Assert.Equal(ApiReference.TikiTransactionId, refund.TikiTransactionId);
        Assert.Equal("Khách hàng huỷ gói", refund.Reason);
        Assert.Equal(100_000, refund.Amount);
    }

    [Fact]
    public async Task A_replay_is_answered_as_before_without_running_the_handler_again()
    {
        await ProcessAsync(Vector3());
        var replay = await ProcessAsync(Vector3());

        Assert.Equal(200, replay.StatusCode);
        Assert.Single(Handled);
    }

    [Fact]
    public async Task A_tampered_body_is_refused()
    {
        var tampered = ApiReference.Vector3Data.Replace("100000", "900000", StringComparison.Ordinal);

        var response = await ProcessAsync(Delivery(tampered, ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Signature));

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_refused()
    {
        var signature = TikiVipSignature.Compute(ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Data, "not-the-secret");

        var response = await ProcessAsync(Delivery(ApiReference.Vector3Data, ApiReference.Vector3Timestamp, ApiReference.ClientId, signature));

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    [Fact]
    public async Task Another_client_id_is_refused_even_with_a_valid_signature_for_it()
    {
        var signature = TikiVipSignature.Compute(ApiReference.Vector3Timestamp, "another-partner", ApiReference.Vector3Data, ApiReference.ClientSecret);

        var response = await ProcessAsync(Delivery(ApiReference.Vector3Data, ApiReference.Vector3Timestamp, "another-partner", signature));

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task A_timestamp_more_than_five_minutes_old_is_refused()
    {
        _clock.Advance(TimeSpan.FromMinutes(6));

        var response = await ProcessAsync(Vector3());

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    [Fact]
    public async Task A_timestamp_more_than_five_minutes_ahead_is_refused()
    {
        var future = _clock.GetUtcNow().AddMinutes(6).ToUnixTimeMilliseconds();
        var signature = TikiVipSignature.Compute(future, ApiReference.ClientId, ApiReference.Vector3Data, ApiReference.ClientSecret);

        var response = await ProcessAsync(Delivery(ApiReference.Vector3Data, future, ApiReference.ClientId, signature));

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    [Fact]
    public async Task Missing_headers_are_refused()
    {
        var response = await ProcessAsync(new RefundDelivery("POST", Body(ApiReference.Vector3Data)) { ContentType = "application/json" });

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_without_being_read_whole()
    {
        var huge = "{\"pad\":\"" + new string('x', 100 * 1024) + "\"}";

        var response = await ProcessAsync(Delivery(huge, ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Signature));

        Assert.Equal(413, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "application/json", 405)]
    [InlineData("POST", "text/plain", 415)]
    public async Task Wrong_method_or_content_type_is_refused(string method, string contentType, int expected)
    {
        var delivery = new RefundDelivery(method, Body(ApiReference.Vector3Data))
        {
            ContentType = contentType,
            Timestamp = ApiReference.Vector3Timestamp.ToString(CultureInfo.InvariantCulture),
            ClientId = ApiReference.ClientId,
            Signature = ApiReference.Vector3Signature,
        };

        Assert.Equal(expected, (await ProcessAsync(delivery)).StatusCode);
    }

    [Fact]
    public async Task A_handler_that_throws_gets_500_and_the_retry_runs_it_again()
    {
        var calls = _provider.GetRequiredService<RecordingHandler.Calls>();
        calls.ThrowNext = true;

        var failed = await ProcessAsync(Vector3());
        var retried = await ProcessAsync(Vector3());

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(200, retried.StatusCode);
        Assert.Equal(2, Handled.Count);
    }

    [Fact]
    public async Task A_partial_refund_surfaces_request_amount_and_unknown_fields_reach_the_handler()
    {
        const string body = """{"tiki_transaction_id":"T-9","transaction_amount":100000,"request_amount":40000,"transaction_id":"P-9","reason":"partial","request_id":"rf-9","refund_type":"PARTIAL","meta":{"channel":"app"}}""";

        var response = await ProcessAsync(Signed(body));

        Assert.Equal(200, response.StatusCode);
        var refund = Assert.Single(Handled);
        Assert.Equal(40_000, refund.RequestAmount);
        Assert.Equal(100_000, refund.Amount);
        Assert.Equal("PARTIAL", refund.AdditionalFields["refund_type"].GetString());
        Assert.Equal("app", refund.AdditionalFields["meta"].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task The_same_request_id_with_another_requested_amount_is_a_conflict()
    {
        await ProcessAsync(Signed("""{"tiki_transaction_id":"T","transaction_amount":100000,"request_amount":40000,"transaction_id":"P","reason":"r","request_id":"rf-c"}"""));

        var other = await ProcessAsync(Signed("""{"tiki_transaction_id":"T","transaction_amount":100000,"request_amount":60000,"transaction_id":"P","reason":"r","request_id":"rf-c"}"""));

        Assert.Equal(409, other.StatusCode);
        Assert.Single(Handled);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("12.5")]
    [InlineData("\"40000\"")]
    public async Task An_invalid_requested_amount_is_quarantined_not_handled(string requestAmount)
    {
        var response = await ProcessAsync(Signed($$"""{"tiki_transaction_id":"T","transaction_amount":100000,"request_amount":{{requestAmount}},"transaction_id":"P","reason":"r","request_id":"rf-x"}"""));

        Assert.Equal(500, response.StatusCode);
        Assert.Empty(Handled);
        var kept = Assert.Single(await _provider.GetRequiredService<IRefundQuarantine>().ListAsync(false, 10, default));
        Assert.Equal("request_amount", kept.Field);
    }

    [Fact]
    public async Task A_signature_over_the_JSON_stringify_form_of_the_body_is_accepted()
    {
        // The same refund sent with spacing and escapes, signed over what JSON.stringify(JSON.parse(body)) gives.
        const string sent = """{ "tiki_transaction_id" : "221115TIKIVIP-235784371-1668488254", "transaction_amount" : 100000, "transaction_id" : "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", "reason" : "Kh\u00e1ch h\u00e0ng hu\u1ef7 g\u00f3i", "request_id" : "rf-20221115-0001" }""";

        var response = await ProcessAsync(Delivery(sent, ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Signature));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Khách hàng huỷ gói", Assert.Single(Handled).Reason);
    }

    [Fact]
    public async Task A_signature_over_the_stringified_form_of_another_body_is_still_refused()
    {
        const string sent = """{ "tiki_transaction_id" : "221115TIKIVIP-235784371-1668488254", "transaction_amount" : 900000, "transaction_id" : "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", "reason" : "Khách hàng huỷ gói", "request_id" : "rf-20221115-0001" }""";

        var response = await ProcessAsync(Delivery(sent, ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Signature));

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    private RefundDelivery Signed(string body)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return Delivery(body, timestamp, ApiReference.ClientId, TikiVipSignature.Compute(timestamp, ApiReference.ClientId, body, ApiReference.ClientSecret));
    }

    private static RefundDelivery Vector3() =>
        Delivery(ApiReference.Vector3Data, ApiReference.Vector3Timestamp, ApiReference.ClientId, ApiReference.Vector3Signature);

    private static RefundDelivery Delivery(string body, long timestamp, string clientId, string signature) =>
        new("POST", Body(body))
        {
            ContentType = "application/json; charset=utf-8",
            Timestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            ClientId = clientId,
            Signature = signature,
        };

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<RefundResponse> ProcessAsync(RefundDelivery delivery)
    {
        using var scope = _provider.CreateScope();
        return await _processor.ProcessAsync(delivery, scope.ServiceProvider, CancellationToken.None);
    }

    private sealed class RecordingHandler(RecordingHandler.Calls calls) : IRefundHandler
    {
        public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            calls.Refunds.Enqueue(refund);
            if (calls.ThrowNext)
            {
                calls.ThrowNext = false;
                throw new InvalidOperationException("the partner's database is down");
            }

            return Task.FromResult(RefundResult.Accepted());
        }

        public sealed class Calls
        {
            public ConcurrentQueue<RefundRequest> Refunds { get; } = new();

            public bool ThrowNext { get; set; }
        }
    }
}
