using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests.Testing;

/// <summary>FakeTikiVipClient: what partners' unit tests get instead of HTTP.</summary>
public sealed class FakeTikiVipClientTests
{
    private static IpnRequest Paid(string tikiId) => new(tikiId, "ORDER-" + tikiId, 100_000, TikiVipTransactionStatus.Success);

    [Fact]
    public async Task By_default_it_accepts_ipns_and_a_lookup_returns_what_was_reported()
    {
        var tiki = new FakeTikiVipClient();

        var ack = await tiki.SubmitIpnAsync(Paid("T-1"));
        var transaction = await tiki.GetTransactionAsync("T-1");

        Assert.Equal("ORDER-T-1", ack.TransactionId);
        Assert.Equal(TikiVipTransactionStatus.Success, transaction.Status);
        Assert.Equal(100_000, transaction.Amount);
        Assert.Equal("T-1", Assert.Single(tiki.SubmittedIpns).TikiTransactionId);
        Assert.Equal("T-1", Assert.Single(tiki.LookedUpTransactions));
    }

    [Fact]
    public async Task An_unknown_transaction_fails_the_way_the_real_client_reports_code_3()
    {
        var tiki = new FakeTikiVipClient();

        var ex = await Assert.ThrowsAsync<TikiVipApiException>(() => tiki.GetTransactionAsync("T-unknown"));

        Assert.Equal(TikiVipResultCode.TransactionNotFound, ex.ResultCode);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, ex.RecommendedAction);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Delivery_follows_tikis_flow_an_unreachable_tiki_leads_to_a_lookup()
    {
        var tiki = new FakeTikiVipClient { OnSubmitIpn = _ => throw FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn) };
        tiki.OnGetTransaction = id => new TikiTransaction(id, "ORDER-1", TikiVipTransactionStatus.Success, 100_000);

        var delivery = await tiki.DeliverIpnAsync(Paid("T-2"));

        Assert.Equal(IpnDeliveryStatus.RecordedByTiki, delivery.Status);
        Assert.True(delivery.IpnError!.IsTransient);
        Assert.Equal(TikiVipTransactionStatus.Success, delivery.Transaction!.Status);
        Assert.Equal("T-2", Assert.Single(tiki.LookedUpTransactions));
    }

    [Fact]
    public async Task Delivery_of_a_refusal_that_follows_a_lost_attempt_is_looked_up_like_the_real_clients()
    {
        var tiki = new FakeTikiVipClient();
        tiki.OnSubmitIpn = _ => throw new TikiVipApiException(TikiVipOperation.SubmitIpn, "refused a retry", code: 1, recommendedAction: TikiVipRecommendedAction.RefundCustomer)
        {
            FollowsTransientFailure = true,
        };
        tiki.OnGetTransaction = id => new TikiTransaction(id, "ORDER-1", TikiVipTransactionStatus.Success, 100_000);

        var delivery = await tiki.DeliverIpnAsync(Paid("T-4"));

        Assert.Equal(IpnDeliveryStatus.RecordedByTiki, delivery.Status);
        Assert.Equal("T-4", Assert.Single(tiki.LookedUpTransactions));
    }

    [Fact]
    public async Task Delivery_of_a_refused_ipn_is_rejected_without_a_lookup()
    {
        var tiki = new FakeTikiVipClient
        {
            OnSubmitIpn = _ => throw TikiVipApiException.FromResultCode(TikiVipOperation.SubmitIpn, (int)TikiVipResultCode.InvalidAmount, "invalid amount"),
        };

        var delivery = await tiki.DeliverIpnAsync(Paid("T-3"));

        Assert.Equal(IpnDeliveryStatus.Rejected, delivery.Status);
        Assert.Equal(TikiVipRecommendedAction.RefundCustomer, delivery.IpnError!.RecommendedAction);
        Assert.Empty(tiki.LookedUpTransactions);
        await Assert.ThrowsAsync<TikiVipApiException>(() => tiki.GetTransactionAsync("T-3")); // a refused IPN is not on record
    }

    [Fact]
    public async Task Delivery_is_unknown_when_the_lookup_fails_too()
    {
        var tiki = new FakeTikiVipClient
        {
            OnSubmitIpn = _ => throw FakeTikiVipClient.Unreachable(TikiVipOperation.SubmitIpn),
            OnGetTransaction = _ => throw FakeTikiVipClient.Unreachable(TikiVipOperation.GetTransaction),
        };

        var delivery = await tiki.DeliverIpnAsync(Paid("T-4"));

        Assert.Equal(IpnDeliveryStatus.Unknown, delivery.Status);
        Assert.NotNull(delivery.LookupError);
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured_like_the_real_client()
    {
        var tiki = new FakeTikiVipClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tiki.SubmitIpnAsync(Paid("T-5"), new CancellationToken(true)));

        Assert.Empty(tiki.SubmittedIpns);
    }
}
