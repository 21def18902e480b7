namespace TikiVip.Sdk.ReadmeSnippets;

public static class OperationsSnippets
{
    public static WebApplication Map(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip(builder.Configuration.GetSection("TikiVip"))
            .AddRefundHandler<MyRefundHandler>()
            .UsePostgreSql(builder.Configuration.GetConnectionString("Payments")!)
            .AddOperations();
        builder.Services.AddAuthorization(o => o.AddPolicy("Support", p => p.RequireRole("support")));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTikiVipOperations("/tikivip/ops").RequireAuthorization("Support");
        #endregion
        return app;
    }
}
