using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;
using TikiVip.Sdk.TestSupport;

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
        var services = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging());
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
        Assert.Equal(100_000, refund.TransactionAmount);
        Assert.Equal(100_000, refund.RefundAmount); // no request_amount: a full refund
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
        Assert.Equal(40_000, refund.RefundAmount); // what to pay back, not the payment
        Assert.Equal(100_000, refund.TransactionAmount);
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
    [InlineData("100001")] // more than the payment
    public async Task An_invalid_requested_amount_is_quarantined_not_handled(string requestAmount)
    {
        var response = await ProcessAsync(Signed($$"""{"tiki_transaction_id":"T","transaction_amount":100000,"request_amount":{{requestAmount}},"transaction_id":"P","reason":"r","request_id":"rf-x"}"""));

        Assert.Equal(500, response.StatusCode);
        Assert.Empty(Handled);
        var kept = Assert.Single((await _provider.GetRequiredService<IRefundQuarantine>().QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
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

    // API reference, "3. Refund": request_amount is what to pay back; partial refunds of one payment arrive with
    // different request ids, and together they can never exceed transaction_amount.
    [Fact]
    public async Task Partial_refunds_are_handled_until_they_would_exceed_the_payment_then_quarantined_with_both_figures()
    {
        var first = await ProcessAsync(Signed(PartialRefund("rf-p1", 40_000)));
        var second = await ProcessAsync(Signed(PartialRefund("rf-p2", 40_000)));
        var third = await ProcessAsync(Signed(PartialRefund("rf-p3", 40_000)));

        Assert.Equal((200, 200, 500), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.Equal([40_000L, 40_000L], Handled.Select(r => r.RefundAmount));
        var kept = Assert.Single((await _provider.GetRequiredService<IRefundQuarantine>().QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        Assert.Equal("rf-p3", kept.RequestId);
        Assert.Contains("120000 VND", kept.Problem, StringComparison.Ordinal);
        Assert.Contains("transaction_amount of 100000 VND", kept.Problem, StringComparison.Ordinal);
        Assert.Equal(RefundOutcome.ExceedsTransactionAmount, ((await _provider.GetRequiredService<IRefundHistory>().QueryAsync(new RefundHistoryQuery { Limit = 10 }, default)).Entries)[0].Outcome);
    }

    [Fact]
    public async Task A_full_refund_after_a_partial_one_is_quarantined_not_paid_twice()
    {
        await ProcessAsync(Signed(PartialRefund("rf-f1", 30_000)));

        var full = await ProcessAsync(Signed("""{"tiki_transaction_id":"T-P","transaction_amount":100000,"transaction_id":"P","reason":"r","request_id":"rf-f2"}"""));

        Assert.Equal(500, full.StatusCode);
        Assert.Equal(30_000, Assert.Single(Handled).RefundAmount);
    }

    [Fact]
    public async Task A_refund_the_handler_declined_gives_its_amount_back()
    {
        var calls = _provider.GetRequiredService<RecordingHandler.Calls>();
        calls.ThrowNext = true;
        await ProcessAsync(Signed(PartialRefund("rf-g1", 70_000))); // failed: released

        var other = await ProcessAsync(Signed(PartialRefund("rf-g2", 70_000)));

        Assert.Equal(200, other.StatusCode);
    }

    [Fact]
    public async Task Refunds_of_different_transactions_do_not_share_a_limit()
    {
        Assert.Equal(200, (await ProcessAsync(Signed(PartialRefund("rf-d1", 100_000)))).StatusCode);
        Assert.Equal(200, (await ProcessAsync(Signed(PartialRefund("rf-d2", 100_000).Replace("T-P", "T-Q", StringComparison.Ordinal)))).StatusCode);
    }

    // Tiki's earlier signing page: X-Tiniapp-* headers and the HMAC over the payload itself, not its base64url form.
    [Theory]
    [InlineData(false, TikiVipSignedPayload.Raw, "x-tikivip/raw/as-received")]
    [InlineData(true, TikiVipSignedPayload.Base64Url, "x-tiniapp/base64url/as-received")]
    [InlineData(true, TikiVipSignedPayload.Raw, "x-tiniapp/raw/as-received")]
    public async Task Every_documented_signature_form_is_accepted_counted_and_logged_once(bool earlierHeaders, TikiVipSignedPayload payload, string form)
    {
        using var signatures = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            _provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Diagnostics.TikiVipDiagnostics.Name, "tikivip.refund.signatures");

        var first = await ProcessAsync(SignedAs(PartialRefund("rf-s1", 10_000), earlierHeaders, payload));
        var second = await ProcessAsync(SignedAs(PartialRefund("rf-s2", 10_000), earlierHeaders, payload));

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        Assert.All(signatures.GetMeasurementSnapshot(), m => Assert.Equal(form, m.Tags["tikivip.signature.form"]));
        Assert.Equal(2, signatures.GetMeasurementSnapshot().Count);
        var logged = _provider.GetRequiredService<Microsoft.Extensions.Logging.Testing.FakeLogCollector>().GetSnapshot().Where(r => r.Id.Name == "RefundSignatureForm").ToList();
        Assert.Contains(form, Assert.Single(logged).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("client")]
    [InlineData("tampered")]
    [InlineData("stale")]
    [InlineData("future")]
    public async Task Nothing_else_is_loosened_in_the_earlier_forms(string fault)
    {
        var body = PartialRefund("rf-n1", 10_000);
        var timestamp = _clock.GetUtcNow().AddMinutes(fault switch { "stale" => -10, "future" => 10, _ => 0 }).ToUnixTimeMilliseconds();
        var secret = fault == "secret" ? ApiReference.ClientSecret + "x" : ApiReference.ClientSecret;
        var clientId = fault == "client" ? "someone-else" : ApiReference.ClientId;
        var signature = TikiVipSignature.Compute(timestamp, clientId, Encoding.UTF8.GetBytes(body), secret, TikiVipSignedPayload.Raw);
        var sent = fault == "tampered" ? body.Replace("10000", "90000", StringComparison.Ordinal) : body;

        var response = await ProcessAsync(new RefundDelivery("POST", Body(sent))
        {
            ContentType = "application/json",
            TiniappTimestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            TiniappClientId = clientId,
            TiniappSignature = signature,
        });

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    [Fact]
    public async Task Both_header_families_disagreeing_is_refused_even_when_one_is_valid()
    {
        var body = PartialRefund("rf-b1", 10_000);
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var valid = TikiVipSignature.Compute(timestamp, ApiReference.ClientId, body, ApiReference.ClientSecret);

        var response = await ProcessAsync(new RefundDelivery("POST", Body(body))
        {
            ContentType = "application/json",
            Timestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            ClientId = ApiReference.ClientId,
            Signature = valid,
            TiniappTimestamp = timestamp.ToString(CultureInfo.InvariantCulture),
            TiniappClientId = ApiReference.ClientId,
            TiniappSignature = new string('0', 64),
        });

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(Handled);
    }

    private static string PartialRefund(string requestId, long amount) =>
        $$"""{"tiki_transaction_id":"T-P","transaction_amount":100000,"request_amount":{{amount}},"transaction_id":"P","reason":"partial","request_id":"{{requestId}}"}""";

    private RefundDelivery SignedAs(string body, bool earlierHeaders, TikiVipSignedPayload payload)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = TikiVipSignature.Compute(timestamp, ApiReference.ClientId, Encoding.UTF8.GetBytes(body), ApiReference.ClientSecret, payload);
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        return earlierHeaders
            ? new RefundDelivery("POST", Body(body)) { ContentType = "application/json", TiniappTimestamp = stamp, TiniappClientId = ApiReference.ClientId, TiniappSignature = signature }
            : new RefundDelivery("POST", Body(body)) { ContentType = "application/json", Timestamp = stamp, ClientId = ApiReference.ClientId, Signature = signature };
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
