using System.Net;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>Every response envelope listed in the API reference ("1. IPN" and "2. Transaction status lookup").</summary>
public sealed class EnvelopeTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";
    private const string Lookup = ClientHarness.BaseAddress + "transaction";

    [Theory]
    [InlineData("""{"data":{"status":"success"}}""", null)] // first revision
    [InlineData("""{"data":{"transaction_id":"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC"}}""", "8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC")] // middle revision
    [InlineData("""{"result_code":"SUCCESS","request_id":"r-1"}""", null)] // early draft
    [InlineData("""{"code":0,"message":"success","data":{"transaction_id":"P-1"}}""", "P-1")] // current revision
    public async Task Ipn_success_is_understood_in_every_revision(string body, string? expectedTransactionId)
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, body);

        var result = await harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        Assert.Equal(expectedTransactionId, result.TransactionId);
    }

    [Theory]
    [InlineData(1, TikiVipResultCode.InvalidRequest)]
    [InlineData(3, TikiVipResultCode.TransactionNotFound)]
    [InlineData(4, TikiVipResultCode.TransactionNotOwned)]
    [InlineData(5, TikiVipResultCode.InvalidAmount)]
    [InlineData(6, TikiVipResultCode.TransactionCancelled)]
    public async Task Ipn_business_codes_in_http_200_fail_once_without_retry_and_mean_refund(int code, TikiVipResultCode expected)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, $$"""{"code":{{code}},"message":"error message"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Single(wire.Requests);
        Assert.Equal(expected, ex.ResultCode);
        Assert.Equal(code, ex.Code);
        Assert.Equal("error message", ex.TikiMessage);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal(TikiVipOperation.SubmitIpn, ex.Operation);
        Assert.False(ex.IsTransient);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, ex.RecommendedAction);
        Assert.Contains("error message", ex.Message);
    }

    [Fact]
    public async Task Ipn_first_revision_failure_reads_the_nested_string_code_after_retrying_the_500()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.InternalServerError, """{"data":null,"error":{"code":"1","message":"invalid transaction id"}}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Equal(4, wire.Requests.Count); // 1 attempt + 3 retries: HTTP 500 is transient
        Assert.Equal(TikiVipResultCode.InvalidRequest, ex.ResultCode);
        Assert.Equal("invalid transaction id", ex.TikiMessage);
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, TikiVipRecommendedAction.CheckRequest)]
    [InlineData(HttpStatusCode.Forbidden, TikiVipRecommendedAction.CheckCredentials)]
    [InlineData(HttpStatusCode.NotFound, TikiVipRecommendedAction.CheckRequest)]
    public async Task Ipn_middle_revision_client_errors_carry_the_message_and_are_not_retried(HttpStatusCode status, TikiVipRecommendedAction action)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(status, """{"error":"error message"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Single(wire.Requests);
        Assert.Equal(status, ex.StatusCode);
        Assert.Null(ex.Code);
        Assert.Equal("error message", ex.TikiMessage);
        Assert.False(ex.IsTransient);
        Assert.Equal(action, ex.RecommendedAction);
    }

    [Fact]
    public async Task Early_draft_result_code_other_than_success_is_a_failure()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"result_code":"FAILED","request_id":"r"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Equal("FAILED", ex.TikiMessage);
    }

    [Theory]
    [InlineData(1, TikiVipRecommendedAction.CheckRequest)]
    [InlineData(3, TikiVipRecommendedAction.RefundCustomer)]
    [InlineData(4, TikiVipRecommendedAction.CheckTransactionId)]
    [InlineData(6, TikiVipRecommendedAction.RefundCustomer)]
    public async Task Lookup_codes_map_to_tikis_recommended_action_without_retry(int code, TikiVipRecommendedAction action)
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, $$"""{"code":{{code}},"message":"m"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.GetTransactionAsync("T"));

        Assert.Single(wire.Requests);
        Assert.Equal(action, ex.RecommendedAction);
        Assert.False(ex.IsTransient);
        Assert.Equal(TikiVipOperation.GetTransaction, ex.Operation);
    }

    [Fact]
    public async Task Ipn_code_2_in_http_200_is_a_system_error_retried_with_fresh_signatures_then_transient()
    {
        // API reference, "The payment flow" step 3: retry at least 3 times, then look the transaction up.
        var time = FakeTime.AtUnixMilliseconds(1_700_000_000_000, TimeSpan.FromMilliseconds(10));
        using var harness = new ClientHarness(time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Equal(4, wire.Requests.Count);
        Assert.Equal(4, wire.Requests.Select(r => r.Signature).Distinct().Count());
        Assert.All(wire.Requests, r => Assert.True(r.BodySignatureIsValid()));
        Assert.True(ex.IsTransient);
        Assert.Equal(TikiVipResultCode.SystemError, ex.ResultCode);
        Assert.Equal(TikiVipRecommendedAction.Retry, ex.RecommendedAction);
    }

    [Fact]
    public async Task Ipn_code_2_then_success_is_delivered()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""")
            .Then(HttpStatusCode.OK, """{"code":0,"message":"success","data":{"transaction_id":"P"}}""");

        var result = await harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        Assert.Equal("P", result.TransactionId);
        Assert.Equal(2, wire.Requests.Count);
    }

    [Fact]
    public async Task Lookup_code_2_is_retried_as_tiki_recommends_and_then_succeeds()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup)
            .Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""")
            .Then(HttpStatusCode.OK, """{"code":"2","message":"system error"}""")
            .Then(HttpStatusCode.OK, """{"code":0,"message":"success","status":"PENDING","amount":9}""");

        var transaction = await harness.Client.GetTransactionAsync("T");

        Assert.Equal(3, wire.Requests.Count);
        Assert.Equal(TikiVipTransactionStatus.Pending, transaction.Status);
    }

    [Fact]
    public async Task Lookup_code_2_that_persists_ends_as_a_transient_error_after_all_retries()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.GetTransactionAsync("T"));

        Assert.Equal(4, wire.Requests.Count);
        Assert.True(ex.IsTransient);
        Assert.Equal(TikiVipRecommendedAction.Retry, ex.RecommendedAction);
    }

    [Fact]
    public async Task Lookup_earlier_revision_http_errors_are_understood()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.NotFound, """{"error":"transaction not found"}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.GetTransactionAsync("T"));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("transaction not found", ex.TikiMessage);
        Assert.Equal(TikiVipRecommendedAction.CheckTransactionId, ex.RecommendedAction);
    }

    [Fact]
    public async Task Lookup_with_an_unknown_status_fails_clearly_instead_of_guessing()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":0,"status":"REFUNDED","amount":1}""");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => harness.Client.GetTransactionAsync("T"));

        Assert.Contains("REFUNDED", ex.Message);
    }

    [Fact]
    public async Task An_html_error_page_gives_the_status_and_an_excerpt_not_a_json_exception()
    {
        using var harness = new ClientHarness(o => o.Retry.MaxRetryAttempts = 0);
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.BadGateway, "<html><body><h1>502 Bad Gateway</h1>\n" + new string('x', 1000) + "</body></html>");

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Contains("<h1>502 Bad Gateway</h1>", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.True(ex.Message.Length < 400, ex.Message);
        Assert.Null(ex.InnerException);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task A_successful_status_with_an_unreadable_body_is_an_api_exception(string body)
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, body);

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() =>
            harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success)));

        Assert.Contains("not a JSON object", ex.Message);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData("""{"code":2}""", true)]
    [InlineData("""{"code":2,"message":"system error"}""", true)]
    [InlineData("""{ "code": 2 }""", true)]
    [InlineData("""{"code":"2"}""", true)]
    [InlineData("""{"message":"system error","code":2}""", true)]
    [InlineData("""{"code":0,"data":{}}""", false)]
    [InlineData("""{"code":20}""", false)]
    [InlineData("""{"code":2x}""", false)]
    [InlineData("""not json""", false)]
    public void Tikis_system_error_is_recognised_in_every_form_of_the_envelope(string body, bool isSystemError)
    {
        Assert.Equal(isSystemError, TikiVip.Sdk.Json.TikiVipResponse.HasCode(System.Text.Encoding.UTF8.GetBytes(body), 2));
    }
}
