using TikiVip.Sdk.Testing;
using Xunit;

namespace TikiVip.Sdk.ReadmeSnippets;

public static class TestingSnippets
{
    public static async Task EmulatorAsync(IServiceCollection services, ITikiVipClient client, Uri myApp, Uri url)
    {
        #region readme
        await using var tiki = await TikiVipEmulator.StartAsync();          // Kestrel on 127.0.0.1, free port
        services.AddTikiVip(tiki.ConfigureClient).AddRefundHandler<MyRefundHandler>();

        var tikiId = tiki.CreateTransaction(100_000);                        // a customer starts paying
        tiki.FailNextRequests(1);                                            // next call gets 503 (or TimeOutNextRequests)
        tiki.Revision = TikiVipEnvelopeRevision.Middle;                      // answer in an older envelope
        await client.SubmitIpnAsync(new IpnRequest(tikiId, "P-1", 100_000, TikiVipTransactionStatus.Success));

        Assert.All(tiki.Requests, r => Assert.True(r.SignatureValid));       // everything it received is recorded
        var refund = await tiki.SendRefundAsync(new Uri(myApp, "/tikivip/refunds"), tikiId);
        var forged = await tiki.SendRefundAsync(url, tikiId, new() { Variant = RefundCallbackVariant.Tampered }); // 401
        #endregion
    }

    public static async Task PackageReadmeAsync(IServiceCollection services, Uri myApp)
    {
        #region readme
        await using var tiki = await TikiVipEmulator.StartAsync();
        services.AddTikiVip(tiki.ConfigureClient).AddRefundHandler<MyRefundHandler>();
        var tikiId = tiki.CreateTransaction(100_000);
        var refund = await tiki.SendRefundAsync(new Uri(myApp, "/tikivip/refunds"), tikiId);
        #endregion
    }
}
