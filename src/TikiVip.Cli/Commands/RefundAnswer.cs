using System.Text.Json;

namespace TikiVip.Cli.Commands;

/// <summary>What a refund endpoint's answer means for the person who sent the callback, and what to do next.</summary>
internal static class RefundAnswer
{
    public static string Explain(int status, string body, int attempt)
    {
        var (error, message) = Read(body);
        return (status, error) switch
        {
            (200, _) when attempt > 1 => "accepted: the same request_id again, answered as the first time without calling your handler again (the app logs event 1012 RefundDuplicate).",
            (200, _) => "accepted: your IRefundHandler ran and accepted the refund (the app logs event 1011 RefundAccepted).",
            (401, _) => "refused before your handler: the signature did not verify. Check that --client-id and --client-secret are the app's TikiVip:ClientId and "
                + "TikiVip:ClientSecret and that both clocks are within 5 minutes; the app's log says which check failed (event 1010 RefundRejected).",
            (500, "refund_quarantined") => $"kept in your app's quarantine, never handled, and Tiki is asked to retry: {message ?? "the body was refused"}. "
                + "A refund above what was paid is refused on purpose (e.g. this payment was already refunded in full: sending the command again makes a new "
                + "request_id; --repeat or --request-id resends the same one). A person handles it, then marks it resolved: on the operations page "
                + "(AddOperations), with 'tikivip refund quarantine resolve' (PostgreSQL stores), or through IRefundQuarantine.ResolveAsync; the in-memory "
                + "quarantine lasts until the app stops. The app logs event 1019 RefundQuarantined.",
            (500, "refund_failed") => "your IRefundHandler reported a failure or threw, so Tiki retries it; the app logs why (event 1016 RefundHandlerFailed or 1015 RefundHandlerThrew).",
            (500, "refund_in_progress") => "another delivery of this request_id is being handled now; Tiki retries and gets that delivery's answer.",
            (500, "refund_unavailable") => "the app's refund stores could not be reached; Tiki retries (the app logs event 1018 RefundStoreFailed).",
            (409, _) => "this request_id was already used for a different refund; the first one stands (the app logs event 1014 RefundConflict).",
            (404, _) => "nothing answers at --to: check the path given to MapTikiVipRefunds.",
            _ => "not an answer of the SDK's refund endpoint: check --to.",
        };
    }

    private static (string? Error, string? Message) Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind != JsonValueKind.Object ? default
                : (Text(json.RootElement, "error"), Text(json.RootElement, "message"));
        }
        catch (JsonException)
        {
            return default;
        }

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
