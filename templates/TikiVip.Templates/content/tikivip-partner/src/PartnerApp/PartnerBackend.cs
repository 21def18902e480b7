using TikiVip.Sdk;

namespace PartnerApp;

/// <summary>The partner backend: Tiki VIP's client, the refund callback, and one endpoint that completes a payment.</summary>
public static class PartnerBackend
{
    /// <summary>Builds the application (the tests build it too, pointed at an emulator of their own).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddSingleton<Ledger>();
        builder.Services.AddTikiVip(builder.Configuration.GetSection("TikiVip")) // ClientId, ClientSecret, Environment or BaseAddress
            .AddRefundHandler<LedgerRefundHandler>();

        var app = builder.Build();

        // Tiki calls this with its signed refund callbacks; register its full URL with Tiki.
        app.MapTikiVipRefunds("/tikivip/refunds");

        // Your checkout calls this when Tiki says the customer paid: the payment is recorded, then reported to Tiki.
        app.MapPost("/payments/{tikiTransactionId}/complete", async (string tikiTransactionId, CompletePayment payment, Ledger ledger, ITikiVipClient tiki, CancellationToken cancellationToken) =>
        {
            if (payment.Amount <= 0 || string.IsNullOrWhiteSpace(payment.OrderId))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = ["A whole number of VND above 0, with the order id."] });
            }

            ledger.Record(payment.OrderId, tikiTransactionId, payment.Amount);
            var ipn = await tiki.SubmitIpnAsync(new IpnRequest(tikiTransactionId, payment.OrderId, payment.Amount, TikiVipTransactionStatus.Success), cancellationToken);
            return Results.Ok(new { orderId = payment.OrderId, tikiTransactionId, tikiRequestId = ipn.RequestId });
        });

        return app;
    }
}

/// <summary>What the checkout sends when a payment completes.</summary>
public sealed record CompletePayment(string OrderId, long Amount);
