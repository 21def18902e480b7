namespace TikiVip.Sdk.ReadmeSnippets;

public static class PackageReadmeSnippets
{
    public static void AspNetCore(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .AddRefundHandler<MyRefundHandler>();
        var app = builder.Build();
        app.MapTikiVipRefunds("/tikivip/refunds");      // or app.UseTikiVipRefunds("/tikivip/refunds")
        #endregion
    }

    public static async Task CoreAsync(WebApplicationBuilder builder, ITikiVipClient tiki, string tikiId, string orderId, CancellationToken ct)
    {
        #region readme
        builder.Services.AddTikiVip()   // binds the "TikiVip" section: ClientId, ClientSecret, Environment
            .AddRefundHandler<MyRefundHandler>();

        var delivery = await tiki.DeliverIpnAsync(new IpnRequest(tikiId, orderId, 100_000, TikiVipTransactionStatus.Success), ct);
        #endregion
    }
}
