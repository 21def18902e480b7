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

    [Fact]
    public async Task Cancellation_is_not_turned_into_an_outcome()
    {
        using var harness = new ClientHarness();
        Wire.On(harness.Http, HttpMethod.Post, Ipn).Then(HttpStatusCode.OK, """{"code":0}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Client.DeliverIpnAsync(AnIpn, new CancellationToken(true)));
    }
}
