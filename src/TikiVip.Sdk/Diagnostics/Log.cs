using System.Net;
using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Diagnostics;

/// <summary>Every log message of the SDK. None carries a secret, a signature or a request body.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Tiki VIP {Operation} succeeded in {ElapsedMs} ms.")]
    public static partial void CallSucceeded(ILogger logger, TikiVipOperation operation, long elapsedMs);

    [LoggerMessage(2, LogLevel.Warning, "Tiki VIP {Operation} failed: HTTP {StatusCode}, code {Code}, transient {IsTransient}, recommended action {Action}.")]
    public static partial void CallFailed(
        ILogger logger, TikiVipOperation operation, HttpStatusCode? statusCode, int? code, bool isTransient, TikiVipRecommendedAction action);

    [LoggerMessage(3, LogLevel.Warning, "Retrying Tiki VIP {Operation} in {DelayMs} ms after attempt {Attempt} failed ({Reason}).")]
    public static partial void Retrying(ILogger logger, string operation, long delayMs, int attempt, string reason);

    [LoggerMessage(4, LogLevel.Warning, "IPN for Tiki transaction {TikiTransactionId} was not confirmed; looking the transaction up.")]
    public static partial void IpnUnconfirmed(ILogger logger, string tikiTransactionId);

    [LoggerMessage(10, LogLevel.Warning, "Refund callback rejected with {StatusCode}: {Reason}.")]
    public static partial void RefundRejected(ILogger logger, int statusCode, string reason);

    [LoggerMessage(11, LogLevel.Information, "Refund {RequestId} for Tiki transaction {TikiTransactionId} accepted.")]
    public static partial void RefundAccepted(ILogger logger, string requestId, string tikiTransactionId);

    [LoggerMessage(12, LogLevel.Information, "Refund {RequestId} was already processed; answering as before without calling the handler.")]
    public static partial void RefundDuplicate(ILogger logger, string requestId);

    [LoggerMessage(13, LogLevel.Warning, "Refund {RequestId} is still being processed; asking Tiki to try again later.")]
    public static partial void RefundInProgress(ILogger logger, string requestId);

    [LoggerMessage(14, LogLevel.Error, "Refund {RequestId} was received again with different content; refusing it. Investigate: Tiki should never reuse a request_id.")]
    public static partial void RefundConflict(ILogger logger, string requestId);

    [LoggerMessage(15, LogLevel.Error, "The refund handler threw for refund {RequestId}; Tiki will retry it.")]
    public static partial void RefundHandlerThrew(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(16, LogLevel.Warning, "The refund handler reported failure for refund {RequestId}: {Reason}; Tiki will retry it.")]
    public static partial void RefundHandlerFailed(ILogger logger, string requestId, string reason);

    [LoggerMessage(18, LogLevel.Error, "The refund idempotency store failed to {Step} refund {RequestId}.")]
    public static partial void RefundStoreFailed(ILogger logger, Exception exception, string requestId, string step);

    [LoggerMessage(17, LogLevel.Warning, "The in-memory refund idempotency store is full ({Capacity} entries); forgetting the oldest completed refund {RequestId}.")]
    public static partial void IdempotencyEvicted(ILogger logger, int capacity, string requestId);
}
