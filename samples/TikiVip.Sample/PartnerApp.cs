using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using TikiVip.Sdk;
using TikiVip.Sdk.DependencyInjection;

namespace TikiVip.Sample;

/// <summary>The partner backend: a purchase endpoint that reports each payment to Tiki, and Tiki's refund endpoint.</summary>
public static class PartnerApp
{
    public const string RefundPath = "/tikivip/refunds";
    public const string OperationsPath = "/tikivip/ops";
    public const string SupportPolicy = "Support";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddSingleton<Ledger>();
        builder.Services.AddTikiVip(builder.Configuration.GetSection(TikiVipOptions.SectionName))
            .AddRefundHandler<LedgerRefundHandler>()
            .AddOperations();

        // Sign-in cookies and the page's antiforgery tokens are protected with keys kept in memory: a sample needs no
        // key store (a real app configures one, e.g. PersistKeysToDbContext), and nothing warns in the middle of the story.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // The operations page is for support staff: cookie sign-in, and a policy the page is mapped with.
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options => options.LoginPath = DevelopmentLogin.Path);
        builder.Services.AddAuthorization(options => options.AddPolicy(SupportPolicy, policy => policy.RequireAuthenticatedUser()));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();

        // The customer paid inside the partner's app: record the purchase, then report it to Tiki.
        app.MapPost("/purchases", async (PurchaseRequest request, Ledger ledger, ITikiVipClient tiki, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(request.TikiTransactionId) || request.Amount <= 0)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["purchase"] = ["tikiTransactionId is required and amount must be positive."],
                });
            }

            var purchase = new Purchase(Guid.NewGuid().ToString().ToUpperInvariant(), request.TikiTransactionId, request.Amount, time.GetUtcNow());
            ledger.Purchases[purchase.TransactionId] = purchase;

            var delivery = await tiki.DeliverIpnAsync(
                new IpnRequest(purchase.TikiTransactionId, purchase.TransactionId, purchase.Amount, TikiVipTransactionStatus.Success),
                cancellationToken);

            return Results.Ok(new PurchaseResponse(
                purchase.TransactionId,
                delivery.Status.ToString(),
                delivery.Transaction?.Status.ToString(),
                delivery.IpnError?.RecommendedAction.ToString()));
        });

        app.MapGet("/ledger", (Ledger ledger) => Results.Ok(new { purchases = ledger.Purchases.Values, refunds = ledger.Refunds }));
        app.MapTikiVipRefunds(RefundPath);
        app.MapTikiVipOperations(OperationsPath).RequireAuthorization(SupportPolicy);
        if (app.Environment.IsDevelopment())
        {
            DevelopmentLogin.Map(app); // a real app signs support staff in with its own identity provider
        }

        return app;
    }
}

public sealed record PurchaseRequest(string TikiTransactionId, long Amount);

public sealed record PurchaseResponse(string TransactionId, string Delivery, string? TikiStatus, string? RecommendedAction);
