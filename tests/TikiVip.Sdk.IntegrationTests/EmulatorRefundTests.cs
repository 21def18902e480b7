using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sdk.IntegrationTests;

/// <summary>The emulator delivering refund callbacks to a partner application on Kestrel.</summary>
public sealed class EmulatorRefundTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<RefundRequest> _refunds = new();
    private TikiVipEmulator _tiki = null!;
    private WebApplication _partner = null!;
    private Uri _endpoint = null!;
    private string _tikiId = null!;

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(_refunds);
        builder.Services.AddTikiVip(_tiki.ConfigureClient).AddRefundHandler<QueueRefundHandler>();
        _partner = builder.Build();
        _partner.MapTikiVipRefunds();
        await _partner.StartAsync();
        var address = _partner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _endpoint = new Uri(new Uri(address), "/tikivip/refunds");

        _tikiId = _tiki.CreateTransaction(100_000);
        var client = _partner.Services.GetRequiredService<ITikiVipClient>();
        await client.SubmitIpnAsync(new IpnRequest(_tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success));
    }

    public async Task DisposeAsync()
    {
        await _partner.DisposeAsync();
        await _tiki.DisposeAsync();
    }

    [Fact]
    public async Task A_genuine_refund_is_accepted_and_handled_with_the_ipns_ids()
    {
        var result = await _tiki.SendRefundAsync(_endpoint, _tikiId);

        Assert.True(result.Accepted);
        var refund = Assert.Single(_refunds);
        Assert.Equal(_tikiId, refund.TikiTransactionId);
        Assert.Equal("P-1", refund.TransactionId);
        Assert.Equal(100_000, refund.TransactionAmount);
        Assert.Equal(100_000, refund.RefundAmount);
        Assert.Null(refund.RequestAmount);
        Assert.Equal(result.RequestId, refund.RequestId);
    }

    [Fact]
    public async Task A_duplicate_is_answered_200_and_handled_once()
    {
        var first = await _tiki.SendRefundAsync(_endpoint, _tikiId);
        var again = await _tiki.SendRefundAsync(_endpoint, _tikiId, new RefundCallbackOptions { RequestId = first.RequestId });

        Assert.Equal(200, again.StatusCode);
        Assert.Equal(first.Body, again.Body);
        Assert.Single(_refunds);
    }

    [Fact]
    public async Task A_reused_request_id_for_another_amount_is_a_conflict()
    {
        var first = await _tiki.SendRefundAsync(_endpoint, _tikiId, new RefundCallbackOptions { RequestAmount = 40_000 });
        var reused = await _tiki.SendRefundAsync(_endpoint, _tikiId, new RefundCallbackOptions { RequestId = first.RequestId, RequestAmount = 60_000 });

        Assert.Equal(409, reused.StatusCode);
        Assert.Single(_refunds);
    }

    [Theory]
    [InlineData(RefundCallbackVariant.Tampered)]
    [InlineData(RefundCallbackVariant.Stale)]
    [InlineData(RefundCallbackVariant.WrongSecret)]
    public async Task Hostile_refunds_are_rejected_with_401(RefundCallbackVariant variant)
    {
        var result = await _tiki.SendRefundAsync(_endpoint, _tikiId, new RefundCallbackOptions { Variant = variant });

        Assert.Equal(401, result.StatusCode);
        Assert.Equal("""{"error":"invalid_signature"}""", result.Body);
        Assert.Empty(_refunds);
    }

    private sealed class QueueRefundHandler(ConcurrentQueue<RefundRequest> refunds) : IRefundHandler
    {
        public Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
        {
            refunds.Enqueue(refund);
            return Task.FromResult(RefundResult.Accepted());
        }
    }
}
