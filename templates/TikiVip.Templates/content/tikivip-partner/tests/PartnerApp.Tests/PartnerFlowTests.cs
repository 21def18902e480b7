using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk;
using TikiVip.Sdk.Testing;

namespace PartnerApp.Tests;

/// <summary>The whole flow against the emulator: payment, IPN, Tiki's signed refund, a replay. No credentials.</summary>
public sealed class PartnerFlowTests : IAsyncLifetime
{
    private TikiVipEmulator _tiki = null!;
    private WebApplication _app = null!;
    private Uri _address = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _tiki = await TikiVipEmulator.StartAsync();
        _app = PartnerBackend.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TikiVip:ClientId"] = _tiki.ClientId,
                ["TikiVip:ClientSecret"] = _tiki.ClientSecret,
                ["TikiVip:BaseAddress"] = _tiki.BaseAddress.ToString(),
            });
        });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _tiki.DisposeAsync();
    }

    [Fact]
    public async Task A_completed_payment_is_reported_to_tiki_and_a_partial_refund_is_paid_back_once()
    {
        var tikiId = _tiki.CreateTransaction(100_000);

        var completed = await _http.PostAsJsonAsync(new Uri(_address, $"/payments/{tikiId}/complete"), new CompletePayment("ORDER-1", 100_000));

        completed.EnsureSuccessStatusCode();
        Assert.Equal(TikiVipTransactionStatus.Success, _tiki.GetTransaction(tikiId).Status); // Tiki has the IPN

        var refundUrl = new Uri(_address, "/tikivip/refunds");
        var refund = await _tiki.SendRefundAsync(refundUrl, tikiId, new RefundCallbackOptions { RequestAmount = 30_000 });
        Assert.True(refund.Accepted);
        Assert.Equal(30_000, _app.Services.GetRequiredService<Ledger>().Find("ORDER-1")!.Refunded);
    }

    [Fact]
    public async Task A_refund_of_more_than_was_paid_is_never_paid()
    {
        var tikiId = _tiki.CreateTransaction(50_000);
        (await _http.PostAsJsonAsync(new Uri(_address, $"/payments/{tikiId}/complete"), new CompletePayment("ORDER-2", 50_000))).EnsureSuccessStatusCode();

        await _tiki.SendRefundAsync(new Uri(_address, "/tikivip/refunds"), tikiId, new RefundCallbackOptions { RequestAmount = 50_000 });
        var second = await _tiki.SendRefundAsync(new Uri(_address, "/tikivip/refunds"), tikiId, new RefundCallbackOptions { RequestAmount = 1_000 });

        Assert.False(second.Accepted);
        Assert.Equal(50_000, _app.Services.GetRequiredService<Ledger>().Find("ORDER-2")!.Refunded);
    }

    [Fact]
    public async Task A_payment_without_an_amount_is_refused_before_anything_reaches_tiki()
    {
        var tikiId = _tiki.CreateTransaction(10_000);

        var response = await _http.PostAsJsonAsync(new Uri(_address, $"/payments/{tikiId}/complete"), new CompletePayment("ORDER-3", 0));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual(TikiVipTransactionStatus.Success, _tiki.GetTransaction(tikiId).Status);
    }
}
