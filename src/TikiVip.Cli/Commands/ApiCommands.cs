using System.CommandLine;
using TikiVip.Sdk;

namespace TikiVip.Cli.Commands;

/// <summary><c>tikivip ipn</c>, <c>status</c> and <c>webview</c>: the SDK's client, by hand.</summary>
internal static class ApiCommands
{
    public static Command Ipn(CliRunner run)
    {
        var tikiTransactionId = TikiTransactionIdOption();
        var transactionId = new Option<string>("--transaction-id") { Description = "Your transaction id.", Required = true };
        var amount = AmountOption.Required("--amount", "Amount in VND (positive whole number).");
        var status = new Option<string>("--status") { Description = "SUCCESS, FAILURE or PENDING, in any case.", DefaultValueFactory = _ => "SUCCESS" };
        var bankingMethod = new Option<string?>("--banking-method") { Description = "Payment method code agreed with Tiki." };
        var command = new Command("ipn", """
            Submits an IPN through the SDK (signed, with its retries) and prints Tiki's answer.
            Example: tikivip ipn --environment sandbox --tiki-transaction-id 221115TIKIVIP-1-1668488254 --transaction-id ORDER-1 --amount 100000
            """)
        {
            tikiTransactionId, transactionId, amount, status, bankingMethod,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var ipn = Argument(() => new IpnRequest(
                context.Value(tikiTransactionId)!,
                context.Value(transactionId)!,
                context.Value(amount),
                TikiVipTransactionStatusNames.TryParse(context.Value(status), ignoreCase: true, out var parsed) ? parsed : throw new CliUsageException($"--status must be SUCCESS, FAILURE or PENDING (in any case); got '{context.Value(status)}'."))
            {
                PartnerBankingMethod = context.Value(bankingMethod),
            });
            using var services = context.CreateServices();
            var result = await services.GetClient().SubmitIpnAsync(ipn, ct);
            context.Write(("result", "accepted"), ("transaction_id", result.TransactionId), ("request_id", result.RequestId), ("message", result.Message));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Status(CliRunner run)
    {
        var tikiTransactionId = TikiTransactionIdOption();
        var command = new Command("status", """
            Looks up what Tiki recorded for a transaction.
            Example: tikivip status --environment sandbox --tiki-transaction-id 221115TIKIVIP-1-1668488254
            """)
        {
            tikiTransactionId,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var id = context.Value(tikiTransactionId)!;
            using var services = context.CreateServices();
            var transaction = await services.GetClient().GetTransactionAsync(id, ct);
            context.Write(
                ("tiki_transaction_id", transaction.TikiTransactionId),
                ("partner_transaction_id", transaction.PartnerTransactionId),
                ("status", TikiVipTransactionStatusNames.ToWireName(transaction.Status)),
                ("amount", transaction.Amount));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Webview(CliRunner run)
    {
        var code = new Option<string>("--code") { Description = "The code identifying the customer.", Required = true };
        var phone = new Option<string>("--phone") { Description = "The customer's phone number (digits).", Required = true };
        var fullName = new Option<string?>("--fullname") { Description = "The customer's full name." };
        var command = new Command("webview", """
            Creates the links that open your mini-app for a customer.
            Example: tikivip webview --environment sandbox --code CUSTOMER-42 --phone 0912345678 --fullname "Nguyen Van A"
            """)
        {
            code, phone, fullName,
        };
        command.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var request = Argument(() => new WebviewRequest(context.Value(code)!, context.Value(phone)!) { IdentifyFullName = context.Value(fullName) });
            using var services = context.CreateServices();
            var links = await services.GetClient().CreateWebviewAsync(request, ct);
            context.Write(("url_open", links.OpenUrl), ("url_checkout_result", links.CheckoutResultUrl), ("request_id", links.RequestId));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<string> TikiTransactionIdOption() => new("--tiki-transaction-id") { Description = "Tiki's transaction id.", Required = true };

    /// <summary>Turns the SDK's argument validation into a usage error.</summary>
    private static T Argument<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
