using System.CommandLine;
using TikiVip.Sdk.Refunds;
using TikiVip.Sdk.Testing;

namespace TikiVip.Cli.Commands;

/// <summary><c>tikivip refund send</c>: a refund callback as Tiki sends it, or a hostile variant, to your endpoint.</summary>
internal static class RefundCommand
{
    public static Command Create(CliRunner run, TimeProvider time)
    {
        var to = new Option<string>("--to") { Description = "Your refund endpoint, e.g. http://localhost:5000/tikivip/refunds.", Required = true };
        var tikiTransactionId = new Option<string>("--tiki-transaction-id") { Description = "Tiki's transaction id.", Required = true };
        var transactionId = new Option<string>("--transaction-id") { Description = "Your transaction id.", Required = true };
        var amount = AmountOption.Required("--amount", "The transaction's amount in VND (transaction_amount): what the customer paid.");
        var requestAmount = AmountOption.Optional("--request-amount", "A partial refund: the amount to refund in VND (request_amount), at most --amount. Default: none sent (a full refund).");
        var reason = new Option<string>("--reason") { Description = "Why.", DefaultValueFactory = _ => "Khách hàng huỷ gói" };
        var requestId = new Option<string?>("--request-id") { Description = "Refund request id (default: a new one)." };
        var tamper = new Option<bool>("--tamper") { Description = "Alter the amount after signing (must be rejected)." };
        var stale = new Option<bool>("--stale") { Description = "Sign 10 minutes in the past (must be rejected)." };
        var repeat = new Option<int>("--repeat") { Description = "Send the same request N times (idempotency check).", DefaultValueFactory = _ => 1 };

        var send = new Command("send", """
            Sends a correctly signed refund callback to your endpoint and prints each answer and what it means.
            --repeat sends the same callback again (the same request_id, as Tiki's retries do): your handler runs once.
            Running the command again sends a new refund (a new request_id) unless --request-id repeats one.
            Exit code 0 when every answer is 200, 1 otherwise.
            Example: tikivip refund send --client-id ID --client-secret SECRET --to http://localhost:5000/tikivip/refunds --tiki-transaction-id T --transaction-id ORDER-1 --amount 100000 --request-amount 30000 --repeat 3
            """)
        {
            to, tikiTransactionId, transactionId, amount, requestAmount, reason, requestId, tamper, stale, repeat,
        };
        send.SetAction((parse, ct) => run(parse, ct, async context =>
        {
            var options = context.Options(requireEndpoint: false);
            if (!Uri.TryCreate(context.Value(to), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException("--to must be an absolute http or https URL.");
            }

            var times = context.Value(repeat);
            if (times is < 1 or > 1000)
            {
                throw new CliUsageException("--repeat must be between 1 and 1000.");
            }

            RefundRequest refund;
            try
            {
                refund = new RefundRequest(
                    context.Value(tikiTransactionId)!, context.Value(transactionId)!, context.Value(amount), context.Value(reason)!,
                    context.Value(requestId) ?? $"rf-{Guid.NewGuid():N}")
                {
                    RequestAmount = context.Value(requestAmount),
                };
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var signedAt = time.GetUtcNow() - (context.Value(stale) ? TimeSpan.FromMinutes(10) : TimeSpan.Zero);
            var signed = TikiVipSignedRequest.ForRefund(refund, options.ClientId, options.ClientSecret, signedAt);
            if (context.Value(tamper))
            {
                signed = signed.WithTamperedBody();
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var allAccepted = true;
            for (var attempt = 1; attempt <= times; attempt++)
            {
                using var response = await http.SendAsync(signed.ToHttpRequestMessage(url), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                allAccepted &= (int)response.StatusCode == 200;
                context.Write(("attempt", attempt), ("request_id", refund.RequestId), ("status", (int)response.StatusCode), ("body", body),
                    ("meaning", RefundAnswer.Explain((int)response.StatusCode, body, attempt)));
            }

            return allAccepted ? ExitCodes.Success : ExitCodes.Rejected;
        }));

        return new Command("refund", "Refund callbacks, as Tiki sends them, and the quarantine of those that failed validation.")
        {
            send,
            QuarantineCommand.Create(run),
        };
    }
}
