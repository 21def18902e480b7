using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Signing;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.AspNetCore.Tests;

/// <summary>The refund endpoint (API reference, "3. Refund"), check by check in the order the SDK applies them.</summary>
public sealed class RefundEndpointTests
{
    // The third vector of the API reference: a refund body with Vietnamese text, and its signature.
    private const long Vector3Timestamp = 1668488300000;
    private const string Vector3Body = "{\"tiki_transaction_id\":\"221115TIKIVIP-235784371-1668488254\",\"transaction_amount\":100000,\"transaction_id\":\"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC\",\"reason\":\"Khách hàng huỷ gói\",\"request_id\":\"rf-20221115-0001\"}";
    private const string Vector3Signature = "498e7c98271018b983380c7b06d57f7bc08f0e276ec00a3c385546fc124a3526";

    private static byte[] Vector3Bytes => Encoding.UTF8.GetBytes(Vector3Body);

    // Each request id refunds a payment of its own, so the cumulative limit per transaction stays out of these tests.
    private static RefundRequest ARefund(string requestId = "rf-1", long amount = 50000) =>
        new("TIKI-" + requestId, "P-1", amount, "Khách hàng huỷ gói", requestId);

    [Fact]
    public async Task The_reference_refund_reaches_the_handler_once_with_its_values()
    {
        await using var app = await RefundApp.StartAsync();
        var request = app.Sign(Vector3Bytes, DateTimeOffset.FromUnixTimeMilliseconds(Vector3Timestamp));
        Assert.Equal(Vector3Signature, request.Signature);

        using var response = await app.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"accepted","request_id":"rf-20221115-0001"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var refund = Assert.Single(app.Handler.Calls);
        Assert.Equal("221115TIKIVIP-235784371-1668488254", refund.TikiTransactionId);
        Assert.Equal("8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", refund.TransactionId);
        Assert.Equal(100000, refund.RefundAmount);
        Assert.Equal("Khách hàng huỷ gói", refund.Reason);
        Assert.Equal("rf-20221115-0001", refund.RequestId);
    }

    [Fact]
    public void The_test_helper_writes_refunds_byte_for_byte_as_tiki_does()
    {
        var refund = new RefundRequest("221115TIKIVIP-235784371-1668488254", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC", 100000, "Khách hàng huỷ gói", "rf-20221115-0001");

        var signed = TikiVipSignedRequest.ForRefund(refund, RefundApp.ClientId, RefundApp.ClientSecret, DateTimeOffset.FromUnixTimeMilliseconds(Vector3Timestamp));

        Assert.Equal(Vector3Body, signed.BodyText);
        Assert.Equal(Vector3Signature, signed.Signature);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Methods_other_than_post_get_405_with_allow(string method)
    {
        await using var app = await RefundApp.StartAsync();

        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), RefundApp.Path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Empty(app.Handler.Calls);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Non_json_content_types_get_415(string? contentType)
    {
        await using var app = await RefundApp.StartAsync();
        var message = app.Sign(ARefund()).ToHttpRequestMessage(new Uri(app.Client.BaseAddress!, RefundApp.Path));
        message.Content!.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await app.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Json_with_a_charset_or_a_json_suffix_is_accepted()
    {
        await using var app = await RefundApp.StartAsync();
        var message = app.Sign(ARefund()).ToHttpRequestMessage(new Uri(app.Client.BaseAddress!, RefundApp.Path));
        message.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.tiki+json; charset=utf-8");

        using var response = await app.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_gets_413()
    {
        await using var app = await RefundApp.StartAsync(o => o.Refunds.MaxBodySize = 1024);
        var body = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 2000) + "\"}");

        using var response = await app.SendAsync(app.Sign(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(app.Handler.Calls);
    }

    [Fact]
    public async Task A_streamed_body_without_length_is_cut_off_at_the_limit_with_413()
    {
        await using var app = await RefundApp.StartAsync(o => o.Refunds.MaxBodySize = 1024);
        var endless = new EndlessStream();
        var message = new HttpRequestMessage(HttpMethod.Post, RefundApp.Path) { Content = new StreamContent(endless) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await app.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(endless.BytesRead < 1024 * 1024, $"read {endless.BytesRead} bytes of an unbounded body");
    }

    public static TheoryData<string, Func<TikiVipSignedRequest, TikiVipSignedRequest>?, string?> Unauthenticated => new()
    {
        { "missing_header", null, TikiVipHeaders.Timestamp },
        { "missing_header", null, TikiVipHeaders.ClientId },
        { "missing_header", null, TikiVipHeaders.Signature },
        { "malformed_header", r => r.WithTimestamp(-5), null },
        { "malformed_header", r => r.WithSignature("abc"), null },
        { "bad_signature", r => r.WithSignature(new string('0', 64)), null },
        { "bad_signature", r => r.WithTamperedBody(), null },
    };

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task Unauthenticated_requests_get_a_bare_401_and_the_reason_is_only_logged(
        string reason, Func<TikiVipSignedRequest, TikiVipSignedRequest>? alter, string? removeHeader)
    {
        await using var app = await RefundApp.StartAsync();
        var signed = app.Sign(ARefund());
        var message = (alter?.Invoke(signed) ?? signed).ToHttpRequestMessage(new Uri(app.Client.BaseAddress!, RefundApp.Path));
        if (removeHeader is not null)
        {
            message.Headers.Remove(removeHeader);
        }

        using var response = await app.Client.SendAsync(message);

        await AssertUnauthorizedAsync(app, response, reason);
    }

    [Fact]
    public async Task A_signature_made_with_the_wrong_secret_is_rejected()
    {
        await using var app = await RefundApp.StartAsync();

        using var response = await app.SendAsync(app.Sign(RefundBodyOf(ARefund()), secret: "not-the-secret"));

        await AssertUnauthorizedAsync(app, response, "bad_signature");
    }

    [Fact]
    public async Task A_correctly_signed_request_for_another_client_id_is_rejected()
    {
        await using var app = await RefundApp.StartAsync();

        using var response = await app.SendAsync(app.Sign(RefundBodyOf(ARefund()), clientId: "someone-else"));

        await AssertUnauthorizedAsync(app, response, "wrong_client_id");
    }

    [Fact]
    public async Task A_stale_timestamp_is_rejected()
    {
        await using var app = await RefundApp.StartAsync();

        using var response = await app.SendAsync(app.Sign(ARefund(), app.Clock.GetUtcNow().AddMinutes(-5).AddMilliseconds(-1)));

        await AssertUnauthorizedAsync(app, response, "timestamp_too_old");
    }

    [Fact]
    public async Task A_future_timestamp_is_rejected()
    {
        await using var app = await RefundApp.StartAsync();

        using var response = await app.SendAsync(app.Sign(ARefund(), app.Clock.GetUtcNow().AddMinutes(5).AddMilliseconds(1)));

        await AssertUnauthorizedAsync(app, response, "timestamp_in_future");
    }

    [Fact]
    public async Task Timestamps_inside_the_tolerance_on_either_side_are_accepted()
    {
        await using var app = await RefundApp.StartAsync();

        using var old = await app.SendAsync(app.Sign(ARefund("a"), app.Clock.GetUtcNow().AddMinutes(-5)));
        using var ahead = await app.SendAsync(app.Sign(ARefund("b"), app.Clock.GetUtcNow().AddMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ahead.StatusCode);
    }

    [Fact]
    public async Task During_a_secret_rotation_the_previous_secret_is_still_accepted()
    {
        await using var app = await RefundApp.StartAsync(o =>
        {
            o.ClientSecret = "new-secret";
            o.Refunds.PreviousClientSecrets.Add(RefundApp.ClientSecret);
        });

        using var withOld = await app.SendAsync(app.Sign(RefundBodyOf(ARefund("a")), secret: RefundApp.ClientSecret));
        using var withNew = await app.SendAsync(app.Sign(RefundBodyOf(ARefund("b")), secret: "new-secret"));
        using var withOther = await app.SendAsync(app.Sign(RefundBodyOf(ARefund("c")), secret: "older-secret"));

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withOther.StatusCode);
        Assert.Equal(2, app.Handler.Calls.Count);
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("[1,2,3]", null)]
    [InlineData("{\"tiki_transaction_id\":\"T\"} trailing", null)]
    [InlineData("{\"transaction_amount\":1,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "tiki_transaction_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_id\":\"P\",\"request_id\":\"R\"}", "reason")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_id\":\"P\",\"reason\":\"r\"}", "request_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":\"100\",\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":0,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":-100,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":100.5,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1e40,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    [InlineData("{\"tiki_transaction_id\":\" \",\"transaction_amount\":1,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "tiki_transaction_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_id\":7,\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_id\":\"P\",\"reason\":null,\"request_id\":\"R\"}", "reason")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"\"}", "request_id")]
    [InlineData("{\"tiki_transaction_id\":\"T\",\"transaction_amount\":1,\"transaction_amount\":2,\"transaction_id\":\"P\",\"reason\":\"r\",\"request_id\":\"R\"}", "transaction_amount")]
    public async Task Authentic_but_invalid_bodies_are_quarantined_and_tiki_is_asked_to_retry(string body, string? field)
    {
        await using var app = await RefundApp.StartAsync();
        var quarantine = app.Services.GetRequiredService<IRefundQuarantine>();

        using var response = await app.SendAsync(app.Sign(Encoding.UTF8.GetBytes(body)));

        // Tiki documents 200 (accepted) and 500 (failed, retry): an authentic refund is never answered 4xx.
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("refund_quarantined", answer.RootElement.GetProperty("error").GetString());
        Assert.Equal(field, answer.RootElement.TryGetProperty("field", out var named) ? named.GetString() : null); // why, for the sender that proved it is Tiki
        Assert.False(string.IsNullOrWhiteSpace(answer.RootElement.GetProperty("message").GetString()));
        var kept = Assert.Single((await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        Assert.Equal(field, kept.Field);
        Assert.Equal(body, kept.BodyText);
        Assert.Empty(app.Handler.Calls);
    }

    [Fact]
    public async Task A_quarantined_refund_is_kept_once_logged_with_its_request_id_and_accepted_once_resolved()
    {
        await using var app = await RefundApp.StartAsync();
        var quarantine = app.Services.GetRequiredService<IRefundQuarantine>();
        var body = Encoding.UTF8.GetBytes("""{"tiki_transaction_id":"T","transaction_amount":"100000","transaction_id":"P","reason":"r","request_id":"rf-q-1"}""");

        using var first = await app.SendAsync(app.Sign(body));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using var retry = await app.SendAsync(app.Sign(body)); // Tiki's retry: a new signature over the same body

        Assert.Equal(HttpStatusCode.InternalServerError, retry.StatusCode);
        var kept = Assert.Single((await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 10 }, default)).Entries);
        Assert.Equal("rf-q-1", kept.RequestId);
        Assert.Equal(2, kept.Deliveries);
        Assert.Equal("transaction_amount", kept.Field);
        var logged = app.Logs.GetSnapshot().Where(r => r.Id.Name == "RefundQuarantined").ToList();
        Assert.Equal(2, logged.Count); // each delivery, with its request id, at Error
        Assert.All(logged, r => Assert.Equal(LogLevel.Error, r.Level));
        Assert.All(logged, r => Assert.Contains("rf-q-1", r.Message));

        Assert.True(await quarantine.ResolveAsync(kept.Id, "support@partner", "refunded by hand", default));
        using var afterResolution = await app.SendAsync(app.Sign(body));

        Assert.Equal(HttpStatusCode.OK, afterResolution.StatusCode);
        Assert.Equal("""{"status":"accepted","request_id":"rf-q-1"}""", await afterResolution.Content.ReadAsStringAsync());
        Assert.Empty((await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = false, Limit = 10 }, default)).Entries);
        Assert.Empty(app.Handler.Calls);
    }

    [Fact]
    public async Task An_unauthenticated_invalid_body_is_refused_and_not_kept()
    {
        await using var app = await RefundApp.StartAsync();
        var quarantine = app.Services.GetRequiredService<IRefundQuarantine>();

        using var response = await app.SendAsync(app.Sign(Encoding.UTF8.GetBytes("not json"), secret: "wrong-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await quarantine.QueryAsync(new RefundQuarantineQuery { IncludeResolved = true, Limit = 10 }, default)).Entries);
    }

    [Fact]
    public async Task Whole_amounts_written_with_a_decimal_point_and_unknown_fields_are_accepted()
    {
        await using var app = await RefundApp.StartAsync();
        var body = "{\"tiki_transaction_id\":\"T\",\"transaction_amount\":100000.0,\"transaction_id\":\"P\",\"reason\":\"\",\"request_id\":\"R\",\"new_field\":{\"x\":[1]}}";

        using var response = await app.SendAsync(app.Sign(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100000, Assert.Single(app.Handler.Calls).RefundAmount);
    }

    [Fact]
    public async Task A_duplicate_after_success_gets_the_same_200_without_calling_the_handler()
    {
        await using var app = await RefundApp.StartAsync();
        var refund = ARefund();

        using var first = await app.SendAsync(app.Sign(refund));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using var replay = await app.SendAsync(app.Sign(refund)); // freshly signed: a captured request replayed in the window

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Single(app.Handler.Calls);
    }

    [Fact]
    public async Task A_duplicate_reserialised_differently_is_still_the_same_refund()
    {
        await using var app = await RefundApp.StartAsync();
        var reordered = "{ \"request_id\": \"rf-20221115-0001\", \"reason\": \"Khách hàng huỷ gói\", \"transaction_id\": \"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC\", \"transaction_amount\": 100000, \"tiki_transaction_id\": \"221115TIKIVIP-235784371-1668488254\" }";

        using var first = await app.SendAsync(app.Sign(Vector3Bytes));
        using var second = await app.SendAsync(app.Sign(Encoding.UTF8.GetBytes(reordered)));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(app.Handler.Calls);
    }

    [Fact]
    public async Task One_hundred_concurrent_identical_deliveries_run_the_handler_exactly_once()
    {
        await using var app = await RefundApp.StartAsync();
        var release = new TaskCompletionSource();
        app.Handler.Behaviour = async (_, _) =>
        {
            await release.Task;
            return RefundResult.Accepted();
        };
        var request = app.Sign(ARefund());

        var deliveries = Enumerable.Range(0, 100).Select(_ => app.SendAsync(request)).ToList();

        // While the first delivery is inside the handler, the other 99 are answered "try again" at once.
        await Eventually.TrueAsync(() => deliveries.Count(d => d.IsCompleted) == 99);
        Assert.All(deliveries.Where(d => d.IsCompleted), d => Assert.Equal(HttpStatusCode.InternalServerError, d.Result.StatusCode));
        release.SetResult();
        var responses = await Task.WhenAll(deliveries);

        Assert.Single(app.Handler.Calls);
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));

        using var later = await app.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Single(app.Handler.Calls);
    }

    [Fact]
    public async Task A_reused_request_id_with_a_different_body_gets_409_and_an_error_log()
    {
        await using var app = await RefundApp.StartAsync();

        using var first = await app.SendAsync(app.Sign(ARefund("rf-9", amount: 50000)));
        using var reused = await app.SendAsync(app.Sign(ARefund("rf-9", amount: 99999)));

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("\"field\":\"request_id\"", await reused.Content.ReadAsStringAsync());
        Assert.Single(app.Handler.Calls);
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Message.Contains("rf-9"));
    }

    [Fact]
    public async Task A_handler_that_throws_gives_500_without_details_and_the_next_delivery_runs_it_again()
    {
        await using var app = await RefundApp.StartAsync();
        app.Handler.Behaviour = (_, _) => throw new InvalidOperationException("database password=hunter2 unreachable");
        var request = app.Sign(ARefund());

        using var failed = await app.SendAsync(request);
        app.Handler.Behaviour = (_, _) => Task.FromResult(RefundResult.Accepted());
        using var retried = await app.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var body = await failed.Content.ReadAsStringAsync();
        Assert.Equal("""{"error":"refund_failed"}""", body);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, app.Handler.Calls.Count);
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_handler_that_reports_failure_gives_500_and_the_next_delivery_runs_it_again()
    {
        await using var app = await RefundApp.StartAsync();
        app.Handler.Behaviour = (_, _) => Task.FromResult(RefundResult.Failed("bank offline"));
        var request = app.Sign(ARefund());

        using var failed = await app.SendAsync(request);
        app.Handler.Behaviour = (_, _) => Task.FromResult(RefundResult.Accepted());
        using var retried = await app.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.DoesNotContain("bank offline", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, app.Handler.Calls.Count);
    }

    [Fact]
    public async Task The_middleware_serves_its_path_and_passes_everything_else_through()
    {
        await using var app = await RefundApp.StartAsync(useMiddleware: true);

        using var refund = await app.SendAsync(app.Sign(ARefund()));
        using var other = await app.Client.GetAsync("/something-else");

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal((HttpStatusCode)299, other.StatusCode);
    }

    [Fact]
    public async Task Mapping_the_endpoint_without_a_handler_fails_at_start_up_saying_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddTikiVip(o =>
        {
            o.ClientId = "c";
            o.ClientSecret = "s";
            o.Environment = TikiVipEnvironment.Sandbox;
        });
        await using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapTikiVipRefunds());
        Assert.Contains("AddRefundHandler<", ex.Message);
        Assert.Throws<InvalidOperationException>(() => app.UseTikiVipRefunds("/tikivip/refunds"));
    }

    private static byte[] RefundBodyOf(RefundRequest refund) =>
        TikiVipSignedRequest.ForRefund(refund, "x", "x", DateTimeOffset.UnixEpoch).Body;

    private static async Task AssertUnauthorizedAsync(RefundApp app, HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"invalid_signature"}""", await response.Content.ReadAsStringAsync());
        Assert.Contains(app.Logs.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains(reason));
        Assert.Empty(app.Handler.Calls);
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
