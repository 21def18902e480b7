using System.Net;
using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>Every log message of the SDK. None carries a secret, a signature or a request body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "CallSucceeded", Level = LogLevel.Debug, Message = "Tiki VIP {Operation} succeeded in {ElapsedMs} ms.")]
    public static partial void CallSucceeded(ILogger logger, TikiVipOperation operation, long elapsedMs);

    [LoggerMessage(EventId = 1002, EventName = "CallFailed", Level = LogLevel.Warning, Message = "Tiki VIP {Operation} failed: HTTP {StatusCode}, Tiki's result code {Code}, transient {IsTransient}, recommended action {Action}.")]
    private static partial void CallFailed(
        ILogger logger, TikiVipOperation operation, string statusCode, string code, bool isTransient, TikiVipRecommendedAction action);

    /// <summary>Event 1002, with "no answer" and "none" for what Tiki did not send (never "(null)").</summary>
    public static void CallFailed(ILogger logger, TikiVipOperation operation, HttpStatusCode? statusCode, int? code, bool isTransient, TikiVipRecommendedAction action)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            CallFailed(logger, operation, statusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer",
                code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", isTransient, action);
        }
    }

    [LoggerMessage(EventId = 1003, EventName = "Retrying", Level = LogLevel.Warning, Message = "Retrying Tiki VIP {Operation} in {DelayMs} ms after attempt {Attempt} failed ({Reason}).")]
    public static partial void Retrying(ILogger logger, string operation, long delayMs, int attempt, string reason);

    [LoggerMessage(EventId = 1004, EventName = "IpnUnconfirmed", Level = LogLevel.Warning, Message = "IPN for Tiki transaction {TikiTransactionId} was not confirmed; looking the transaction up.")]
    public static partial void IpnUnconfirmed(ILogger logger, string tikiTransactionId);

    [LoggerMessage(EventId = 1010, EventName = "RefundRejected", Level = LogLevel.Warning, Message = "Refund callback rejected with {StatusCode}: {Reason}.")]
    public static partial void RefundRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 1011, EventName = "RefundAccepted", Level = LogLevel.Information, Message = "Refund {RequestId} for Tiki transaction {TikiTransactionId} accepted.")]
    public static partial void RefundAccepted(ILogger logger, string requestId, string tikiTransactionId);

    [LoggerMessage(EventId = 1012, EventName = "RefundDuplicate", Level = LogLevel.Information, Message = "Refund {RequestId} was already processed; answering as before without calling the handler.")]
    public static partial void RefundDuplicate(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1013, EventName = "RefundInProgress", Level = LogLevel.Warning, Message = "Refund {RequestId} is still being processed; asking Tiki to try again later.")]
    public static partial void RefundInProgress(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1014, EventName = "RefundConflict", Level = LogLevel.Error, Message = "Refund {RequestId} was received again with different content; refusing it. Investigate: Tiki should never reuse a request_id.")]
    public static partial void RefundConflict(ILogger logger, string requestId);

    [LoggerMessage(EventId = 1015, EventName = "RefundHandlerThrew", Level = LogLevel.Error, Message = "The refund handler threw for refund {RequestId}; Tiki will retry it.")]
    public static partial void RefundHandlerThrew(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 1016, EventName = "RefundHandlerFailed", Level = LogLevel.Warning, Message = "The refund handler reported failure for refund {RequestId}: {Reason}; Tiki will retry it.")]
    public static partial void RefundHandlerFailed(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 1018, EventName = "RefundStoreFailed", Level = LogLevel.Error, Message = "The refund idempotency store failed to {Step} refund {RequestId}.")]
    public static partial void RefundStoreFailed(ILogger logger, Exception exception, string requestId, string step);

    [LoggerMessage(EventId = 1017, EventName = "IdempotencyEvicted", Level = LogLevel.Warning, Message = "The in-memory refund idempotency store is full ({Capacity} entries): it forgot {Count} of the oldest completed refunds since the last warning (storing {RequestId}). Raise TikiVip:Refunds:IdempotencyCapacity or use PostgreSQL.")]
    public static partial void IdempotencyEvicted(ILogger logger, int capacity, int count, string requestId);

    [LoggerMessage(EventId = 1019, EventName = "RefundQuarantined", Level = LogLevel.Error, Message = "Refund {RequestId} is authentic but its body was refused ({Problem}); kept in the quarantine as {QuarantineId} (delivery {Deliveries}) and Tiki is asked to retry. A person handles it, then marks it resolved: the operations page, 'tikivip refund quarantine resolve' (PostgreSQL), or IRefundQuarantine.ResolveAsync; the in-memory quarantine lasts until the process stops.")]
    public static partial void RefundQuarantined(ILogger logger, string requestId, string problem, string quarantineId, int deliveries);

    [LoggerMessage(EventId = 1021, EventName = "RefundSignatureForm", Level = LogLevel.Information, Message = "Tiki's refund callbacks arrive signed as {Form} (header family / payload signed: base64url or raw / body signed: as-received or json-stringify); first seen in this process.")]
    public static partial void RefundSignatureForm(ILogger logger, string form);

    [LoggerMessage(EventId = 1020, EventName = "RefundQuarantineResolved", Level = LogLevel.Information, Message = "Refund {RequestId} (quarantine {QuarantineId}) was resolved by {ResolvedBy}; answering Tiki's retry with 200.")]
    public static partial void RefundQuarantineResolved(ILogger logger, string requestId, string quarantineId, string resolvedBy);
}
