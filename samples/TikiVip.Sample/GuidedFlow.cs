using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TikiVip.Sdk;
using TikiVip.Sdk.Testing;

namespace TikiVip.Sample;

/// <summary>
/// Runs the whole partner flow against a local Tiki VIP emulator: no credentials, no network. Every step checks
/// what it expects and the run exits non-zero, saying which step misbehaved, if anything is off.
/// </summary>
public static class GuidedFlow
{
    private const long Amount = 100_000;

    public static async Task<int> RunAsync()
    {
        Console.WriteLine("TikiVip.Sdk sample: a partner backend talking to a local Tiki VIP emulator (no credentials needed).");
        Console.WriteLine();
        try
        {
            await RunStepsAsync();
            Console.WriteLine();
            Console.WriteLine("All steps behaved as expected.");
            return 0;
        }
        catch (StepFailedException ex)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"FAILED: {ex.Message}");
            return 1;
        }
    }

    private static async Task RunStepsAsync()
    {
        await using var tiki = await TikiVipEmulator.StartAsync();
        Step(1, $"Started the Tiki VIP emulator at {tiki.BaseAddress}");

        await using var partner = PartnerApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TikiVip:ClientId"] = tiki.ClientId,
                ["TikiVip:ClientSecret"] = tiki.ClientSecret,
                ["TikiVip:BaseAddress"] = tiki.BaseAddress.ToString(),
                ["TikiVip:Retry:BaseDelay"] = "00:00:00.200",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:TikiVip"] = "Error",
            });
        });
        await partner.StartAsync();
        var partnerAddress = new Uri(partner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var refundEndpoint = new Uri(partnerAddress, PartnerApp.RefundPath);
        using var http = new HttpClient { BaseAddress = partnerAddress };
        var ledger = partner.Services.GetRequiredService<Ledger>();
        Step(2, $"Started the partner backend at {partnerAddress} (refund endpoint {PartnerApp.RefundPath})");

        var tikiTransactionId = tiki.CreateTransaction(Amount);
        Step(3, $"A customer pays {Amount.ToString("N0", CultureInfo.InvariantCulture)} VND inside Tiki: transaction {tikiTransactionId}");

        tiki.FailNextRequests(1);
        var purchaseResponse = await http.PostAsJsonAsync("/purchases", new PurchaseRequest(tikiTransactionId, Amount));
        Expect(purchaseResponse.IsSuccessStatusCode, $"the purchase endpoint answered {(int)purchaseResponse.StatusCode}");
        var purchase = (await purchaseResponse.Content.ReadFromJsonAsync<PurchaseResponse>())!;
        var attempts = tiki.Requests.Where(r => r.PathAndQuery == "/payment/ipn").ToList();
        Expect(purchase.Delivery == nameof(IpnDeliveryStatus.Delivered), $"the IPN ended as {purchase.Delivery}, not Delivered");
        Expect(attempts.Count == 2 && attempts[0].StatusCode == 503 && attempts[1].StatusCode == 200, $"expected a 503 then a 200, saw {string.Join(", ", attempts.Select(a => a.StatusCode))}");
        Expect(attempts.All(a => a.SignatureValid), "an IPN attempt was not correctly signed");
        var timestamps = attempts.Select(a => a.Headers["X-Tikivip-Timestamp"]).ToList();
        Expect(timestamps.Distinct().Count() == 2, "the retry reused the first attempt's timestamp");
        Step(4, $"The partner records purchase {purchase.TransactionId} and reports it to Tiki (IPN).",
            "Tiki's first answer was an injected 503; the SDK retried with a fresh timestamp and signature",
            $"({timestamps[0]} then {timestamps[1]}), both signatures valid: delivered.");
        Expect(tiki.GetTransaction(tikiTransactionId).Status == TikiVipTransactionStatus.Success, "the emulator did not record the payment");

        var client = partner.Services.GetRequiredService<ITikiVipClient>();
        var transaction = await client.GetTransactionAsync(tikiTransactionId);
        Expect(transaction.Status == TikiVipTransactionStatus.Success && transaction.Amount == Amount && transaction.PartnerTransactionId == purchase.TransactionId,
            $"the status lookup returned {transaction.Status} {transaction.Amount} {transaction.PartnerTransactionId}");
        Step(5, $"Status lookup: Tiki records {tikiTransactionId} as {transaction.Status.ToString().ToUpperInvariant()}, {transaction.Amount.ToString("N0", CultureInfo.InvariantCulture)} VND.");

        var links = await client.CreateWebviewAsync(new WebviewRequest("CUSTOMER-42", "0912345678") { IdentifyFullName = "Nguyễn Văn A" });
        Step(6, $"Webview link that opens the partner's mini-app for the customer: {links.OpenUrl}");

        var refund = await tiki.SendRefundAsync(refundEndpoint, tikiTransactionId);
        Expect(refund.Accepted && ledger.Refunds.Count == 1, $"the refund was answered {refund.StatusCode} and the ledger has {ledger.Refunds.Count} refunds");
        Step(7, $"Tiki refunds the transaction (request {refund.RequestId}): the partner answers {refund.StatusCode}; the ledger shows 1 refund.");

        var duplicate = await tiki.SendRefundAsync(refundEndpoint, tikiTransactionId, new RefundCallbackOptions { RequestId = refund.RequestId });
        Expect(duplicate.Accepted && ledger.Refunds.Count == 1, $"the duplicate was answered {duplicate.StatusCode} and the ledger has {ledger.Refunds.Count} refunds");
        Step(8, $"Tiki delivers the same refund again: answered {duplicate.StatusCode} without running the handler; the ledger still shows 1 refund.");

        var forged = await tiki.SendRefundAsync(refundEndpoint, tikiTransactionId, new RefundCallbackOptions { Variant = RefundCallbackVariant.Tampered });
        Expect(forged.StatusCode == 401 && ledger.Refunds.Count == 1, $"the forged refund was answered {forged.StatusCode} and the ledger has {ledger.Refunds.Count} refunds");
        Step(9, $"A forged refund (amount altered after signing) is rejected with {forged.StatusCode}; the ledger is unchanged.");
    }

    private static void Step(int number, string text, params string[] more)
    {
        Console.WriteLine($"{number}. {text}");
        foreach (var line in more)
        {
            Console.WriteLine($"   {line}");
        }
    }

    private static void Expect(bool condition, string whatWentWrong)
    {
        if (!condition)
        {
            throw new StepFailedException(whatWentWrong);
        }
    }

    private sealed class StepFailedException(string message) : Exception(message);
}
