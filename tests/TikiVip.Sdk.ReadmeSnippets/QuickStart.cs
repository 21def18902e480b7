using TikiVip.Sdk;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Refunds;

namespace TikiVip.Sdk.ReadmeSnippets;

public static class QuickStart
{
    public static async Task EnqueueAsync(IIpnOutbox outbox, Npgsql.NpgsqlTransaction npgsqlTransaction, string tikiTransactionId, string orderId, long amount, CancellationToken cancellationToken)
    {
        #region readme
        // partial: in your checkout, with TikiVip.Sdk.PostgreSql and AddTikiVip().UsePostgreSql(connectionString)
        await outbox.EnqueueAsync(new IpnRequest(tikiTransactionId, orderId, amount, TikiVipTransactionStatus.Success), npgsqlTransaction, cancellationToken);
        #endregion
    }

    public static void Operations(WebApplicationBuilder builder, WebApplication app)
    {
        #region readme
        // partial: added to Program.cs, with TikiVip.Sdk.Operations and an authorization policy of your own
        builder.Services.AddTikiVip().AddOperations();
        app.MapTikiVipOperations("/tikivip/ops").RequireAuthorization("Support");
        #endregion
    }

    public static async Task CallsAsync(ITikiVipClient tiki, string tikiId, string myId)
    {
        #region readme
        // IPN (POST payment/ipn). Sends tiki_transaction_id and reference_transaction_id, valid under every revision.
        IpnResult ack = await tiki.SubmitIpnAsync(new IpnRequest(tikiId, myId, 100_000, TikiVipTransactionStatus.Success)
        {
            PartnerBankingMethod = "MOMO", // optional, as agreed with Tiki
        });

        // Status lookup (GET transaction?tiki_transaction_id=...), signed over the path and query as sent.
        TikiTransaction t = await tiki.GetTransactionAsync(tikiId);   // t.Status: Pending | Success | Failure

        // Webview links (POST webview).
        WebviewLinks links = await tiki.CreateWebviewAsync(new WebviewRequest("CUSTOMER-42", "0912345678") { IdentifyFullName = "Nguyễn Văn A" });
        #endregion
    }
}

#region readme
public sealed class MyRefundHandler(PaymentsDbContext db) : IRefundHandler   // scoped: a DbContext is fine
{
    public async Task<RefundResult> HandleAsync(RefundRequest refund, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.FindAsync([refund.TransactionId], cancellationToken);
        if (purchase is null)
            return RefundResult.Failed($"unknown purchase {refund.TransactionId}"); // Tiki will retry

        purchase.Refund(refund.RefundAmount, refund.Reason, refund.RequestId); // RefundAmount: Tiki may refund part of a payment
        await db.SaveChangesAsync(cancellationToken);
        return RefundResult.Accepted();
    }
}
#endregion

public static class QuarantineSnippets
{
    public static async Task HandleAsync(WebApplication app, string id, CancellationToken cancellationToken)
    {
        #region readme
        var quarantine = app.Services.GetRequiredService<IRefundQuarantine>();
        var waiting = await quarantine.QueryAsync(new RefundQuarantineQuery { Limit = 100 }, cancellationToken); // unresolved, newest first
        foreach (var kept in waiting.Entries)
            Console.WriteLine($"{kept.Id} {kept.RequestId} {kept.Problem} x{kept.Deliveries}: {kept.BodyText}");
        await quarantine.ResolveAsync(id, resolvedBy: "ops@partner", resolution: "refunded by hand", cancellationToken);
        #endregion
    }
}
