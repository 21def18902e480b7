using System.Net;
using TikiVip.Sdk.Tests.Support;

namespace TikiVip.Sdk.Tests;

/// <summary>DeliverIpnAsync follows "The payment flow": retry the IPN, then look the transaction up.</summary>
public sealed class DeliveryTests
{
    private const string Ipn = ClientHarness.BaseAddress + "payment/ipn";
    private const string Lookup = ClientHarness.BaseAddress + "transaction";

    private static IpnRequest AnIpn => new("TIKI-1", "P-1", 100000, TikiVipTransactionStatus.Success);

    [Fact]
    public async Task Accepted_ipn_is_delivered_without_a_lookup()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0,"message":"success","data":{"transaction_id":"P-1"}}""");
        var lookup = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, "{}");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.Delivered, result.Status);
        Assert.Equal("P-1", result.Response!.TransactionId);
        Assert.Empty(lookup.Requests);
    }

    [Fact]
    public async Task Business_rejection_is_reported_without_a_lookup()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":5,"message":"invalid amount"}""");
        var lookup = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, "{}");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.Rejected, result.Status);
        Assert.Equal(TikiVipResultCode.InvalidAmount, result.IpnError!.ResultCode);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, result.IpnError.RecommendedAction);
        Assert.Empty(lookup.Requests);
    }

    [Fact]
    public async Task An_ipn_answered_code_2_every_time_is_looked_up_as_tikis_flow_says()
    {
        using var harness = new ClientHarness();
        var ipn = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""");
        var lookup = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":0,"status":"SUCCESS","amount":100000}""");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.RecordedByTiki, result.Status);
        Assert.Equal(4, ipn.Requests.Count);
        Assert.Single(lookup.Requests);
        Assert.Equal(TikiVipTransactionStatus.Success, result.Transaction!.Status);
    }

    [Fact]
    public async Task After_every_retry_failed_the_lookup_tells_what_tiki_recorded()
    {
        using var harness = new ClientHarness();
        var ipn = Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """
            {"code":0,"message":"success","tiki_transaction_id":"TIKI-1","partner_transaction_id":"P-1","status":"SUCCESS","amount":100000}
            """);

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(4, ipn.Requests.Count);
        Assert.Equal(IpnDeliveryStatus.RecordedByTiki, result.Status);
        Assert.Equal(TikiVipTransactionStatus.Success, result.Transaction!.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.IpnError!.StatusCode);
    }

    [Fact]
    public async Task When_the_lookup_fails_too_the_outcome_is_unknown_with_both_errors()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":3,"message":"not found"}""");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.Unknown, result.Status);
        Assert.True(result.IpnError!.IsTransient);
        Assert.Equal(TikiVipResultCode.TransactionNotFound, result.LookupError!.ResultCode);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, result.LookupError.RecommendedAction);
    }

    // Tiki's IPN table recommends a refund for every non-zero code; but when an earlier attempt was lost (here a
    // 503 after Tiki recorded it), a refusal of the retry does not prove Tiki has no record.
    [Fact]
    public async Task A_refusal_after_a_lost_attempt_is_confirmed_by_a_lookup_and_tikis_record_wins()
    {
        using var harness = new ClientHarness();
        var ipn = Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.OK, """{"code":1,"message":"transaction already recorded"}""");
        var lookup = Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":0,"status":"SUCCESS","amount":100000}""");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(2, ipn.Requests.Count);
        Assert.Single(lookup.Requests);
        Assert.Equal(IpnDeliveryStatus.RecordedByTiki, result.Status);
        Assert.Equal(TikiVipTransactionStatus.Success, result.Transaction!.Status);
        Assert.True(result.IpnError!.FollowsTransientFailure);
        Assert.Equal(TikiVipRecommendedAction.None, result.RecommendedAction); // deliver the service, do not refund
    }

    [Fact]
    public async Task A_refusal_after_a_lost_attempt_leads_to_a_refund_only_when_the_lookup_finds_no_transaction()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.OK, """{"code":2,"message":"system error"}""")
            .Then(HttpStatusCode.OK, """{"code":3,"message":"transaction not found"}""");
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":3,"message":"not found"}""");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.Rejected, result.Status);
        Assert.Equal(TikiVipResultCode.TransactionNotFound, result.LookupError!.ResultCode);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, result.RecommendedAction);
    }

    [Fact]
    public async Task A_refusal_after_a_lost_attempt_with_a_failed_lookup_is_unknown_not_a_refund()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn)
            .Then(HttpStatusCode.BadGateway, "")
            .Then(HttpStatusCode.OK, """{"code":1,"message":"invalid request"}""");
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.ServiceUnavailable, "");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.Unknown, result.Status);
        Assert.NotEqual(TikiVipRecommendedAction.RefundCustomer, result.RecommendedAction);
    }

    [Fact]
    public async Task A_pending_transaction_is_not_an_answer()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.ServiceUnavailable, "");
        Wire.On(harness.Http, HttpMethod.Get, Lookup).Then(HttpStatusCode.OK, """{"code":0,"status":"PENDING","amount":100000}""");

        var result = await harness.Client.DeliverIpnAsync(AnIpn);

        Assert.Equal(IpnDeliveryStatus.PendingAtTiki, result.Status);
        Assert.Equal(TikiVipRecommendedAction.LookUpAgain, result.RecommendedAction);
        Assert.Contains("not known yet", result.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_an_outcome()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.DeliverIpnAsync(AnIpn, new CancellationToken(true)));
    }
}
