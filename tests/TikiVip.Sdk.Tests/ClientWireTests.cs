using System.Net;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>The exact bytes and headers each API call puts on the wire (API reference, sections 1, 2 and 4).</summary>
public sealed class ClientWireTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";
    private const string Lookup = ClientHarness.BaseAddress + "transaction";
    private const string Webview = ClientHarness.BaseAddress + "webview";

    [Fact]
    public async Task Ipn_sends_both_id_names_status_and_amount_signed_over_the_exact_body()
    {
        var time = FakeTime.AtUnixMilliseconds(1668488300000);
        using var harness = new ClientHarness(time: time);
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.OK, $$$"""{"code":0,"message":"success","data":{"transaction_id":"{{{ApiReference.PartnerTransactionId}}}"}}""");

        var result = await harness.Client.SubmitIpnAsync(
            new IpnRequest(ApiReference.TikiTransactionId, ApiReference.PartnerTransactionId, 100000, TikiVipTransactionStatus.Success));

        var sent = Assert.Single(wire.Requests);
        Assert.Equal(
            """{"tiki_transaction_id":"221115TIKIVIP-235784371-1668488254","reference_transaction_id":"221115TIKIVIP-235784371-1668488254","transaction_id":"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC","transaction_amount":100000,"status":"SUCCESS"}""",
            sent.BodyText);
        Assert.Equal("1668488300000", sent.Timestamp);
        Assert.Equal(ApiReference.ClientId, sent.ClientId);
        Assert.Equal(64, sent.Signature.Length);
        Assert.True(sent.BodySignatureIsValid());
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        Assert.Equal(ApiReference.PartnerTransactionId, result.TransactionId);
        Assert.Equal("success", result.Message);
    }

    [Fact]
    public async Task Ipn_includes_the_banking_method_only_when_given()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0,"message":"success"}""");

        await harness.Client.SubmitIpnAsync(new IpnRequest("T1", "P1", 5, TikiVipTransactionStatus.Pending) { PartnerBankingMethod = "MOMO" });

        Assert.EndsWith("""
            "transaction_amount":5,"status":"PENDING","partner_banking_method":"MOMO"}
            """, wire.Requests[0].BodyText);
    }

    [Fact]
    public async Task Lookup_signs_the_path_and_query_exactly_as_sent_matching_the_reference_vector()
    {
        using var harness = new ClientHarness(time: FakeTime.AtUnixMilliseconds(ApiReference.Vector2Timestamp));
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """
            {"code":0,"message":"success","tiki_transaction_id":"221115TIKIVIP-235784371-1668488254",
             "partner_transaction_id":"8A43B011-0EC9-4AA5-8D83-6FE7B2BCE4EC","status":"SUCCESS","amount":100000}
            """);

        var transaction = await harness.Client.GetTransactionAsync(ApiReference.TikiTransactionId);

        var sent = Assert.Single(wire.Requests);
        Assert.Equal(ClientHarness.BaseAddress + "transaction?tiki_transaction_id=221115TIKIVIP-235784371-1668488254", sent.Uri.AbsoluteUri);
        Assert.Equal(ApiReference.Vector2Signature, sent.Signature);
        Assert.Empty(sent.Body);
        Assert.Equal(ApiReference.TikiTransactionId, transaction.TikiTransactionId);
        Assert.Equal(ApiReference.PartnerTransactionId, transaction.PartnerTransactionId);
        Assert.Equal(TikiVipTransactionStatus.Success, transaction.Status);
        Assert.Equal(100000, transaction.Amount);
    }

    [Fact]
    public async Task Lookup_percent_encodes_the_id_and_signs_the_encoded_form()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup)
            .Then(HttpStatusCode.OK, """{"code":0,"status":"PENDING","amount":1}""");

        await harness.Client.GetTransactionAsync("A+B C/D");

        var sent = wire.Requests[0];
        Assert.Equal("?tiki_transaction_id=A%2BB%20C%2FD", sent.Uri.Query);
        Assert.True(sent.SignatureIsValidFor("/transaction?tiki_transaction_id=A%2BB%20C%2FD"));
    }

    [Fact]
    public async Task Webview_sends_the_documented_fields_and_returns_both_links()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Post, Webview).Then(HttpStatusCode.OK, """
            {"code":0,"message":"success","data":{"url_open":"https://tiki.vn/apps/vn.tiki.vip?code=1",
             "url_checkout_result":"https://tiki.vn//apps/vn.tiki.vip/callback/index?x=1","request_id":"wv-1"}}
            """);

        var links = await harness.Client.CreateWebviewAsync(new WebviewRequest("CUST-9", "0912345678") { IdentifyFullName = "Nguyễn Văn A" });

        var sent = wire.Requests[0];
        Assert.Equal("""{"identify_code":"CUST-9","identify_phone":912345678,"identify_fullname":"Nguyễn Văn A"}""", sent.BodyText); // UTF-8, as JSON.stringify writes it
        Assert.True(sent.BodySignatureIsValid());
        Assert.Equal("https://tiki.vn/apps/vn.tiki.vip?code=1", links.OpenUrl.AbsoluteUri);
        Assert.Equal("https://tiki.vn//apps/vn.tiki.vip/callback/index?x=1", links.CheckoutResultUrl.OriginalString);
        Assert.Equal("wv-1", links.RequestId);
    }

    [Theory]
    [InlineData(TikiVipEnvironment.Production, "https://api.tiki.vn/miniapp/tikivip/payment/ipn")]
    [InlineData(TikiVipEnvironment.Sandbox, "https://api.tala.xyz/miniapp/tikivip/payment/ipn")]
    public async Task Environment_selects_the_documented_base_address(TikiVipEnvironment environment, string expectedUrl)
    {
        using var harness = new ClientHarness(o => o.Environment = environment);
        var wire = Wire.On(harness.Http, HttpMethod.Post, expectedUrl).Then(HttpStatusCode.OK, """{"data":{"status":"success"}}""");

        await harness.Client.SubmitIpnAsync(new IpnRequest("T", "P", 1, TikiVipTransactionStatus.Success));

        Assert.Single(wire.Requests);
    }

    [Fact]
    public async Task A_custom_base_address_wins_and_bodyless_signing_is_relative_to_it()
    {
        using var harness = new ClientHarness(o =>
        {
            o.Environment = null;
            o.BaseAddress = new Uri("http://127.0.0.1:9999/proxy/tiki/");
        });
        var wire = Wire.On(harness.Http, HttpMethod.Get, "http://127.0.0.1:9999/proxy/tiki/transaction")
            .Then(HttpStatusCode.OK, """{"code":0,"status":"FAILURE","amount":7}""");

        var transaction = await harness.Client.GetTransactionAsync("T7");

        Assert.True(wire.Requests[0].SignatureIsValidFor("/transaction?tiki_transaction_id=T7"));
        Assert.Equal(TikiVipTransactionStatus.Failure, transaction.Status);
    }

    [Fact]
    public void Requests_are_validated_before_anything_is_sent()
    {
        Assert.Throws<ArgumentException>(() => new IpnRequest("", "P", 1, TikiVipTransactionStatus.Success));
        Assert.Throws<ArgumentException>(() => new IpnRequest("T", " ", 1, TikiVipTransactionStatus.Success));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpnRequest("T", "P", 0, TikiVipTransactionStatus.Success));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpnRequest("T", "P", -5, TikiVipTransactionStatus.Success));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpnRequest("T", "P", 1, (TikiVipTransactionStatus)42));
        Assert.Throws<ArgumentException>(() => new WebviewRequest("C", "09-123"));
        Assert.Throws<ArgumentException>(() => new WebviewRequest("C", "+"));
        Assert.Throws<ArgumentException>(() => new WebviewRequest("", "0912"));
    }

    [Fact]
    public async Task An_empty_transaction_id_is_rejected_without_a_call()
    {
        using var harness = new ClientHarness();
        var wire = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, "{}");

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.GetTransactionAsync(" "));

        Assert.Empty(wire.Requests);
    }
}
