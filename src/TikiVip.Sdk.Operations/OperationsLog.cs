using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.Operations;

/// <summary>The operations page's log events (4001-4099): every action a person takes, with who took it.</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 4001, EventName = "OperationsIpnRetried", Level = LogLevel.Information, Message = "{User} requeued failed IPN {Id} from the operations page.")]
    public static partial void IpnRetried(ILogger logger, string user, long id);

    [LoggerMessage(EventId = 4002, EventName = "OperationsIpnRetryRefused", Level = LogLevel.Warning, Message = "{User} asked to retry IPN {Id}, which is not failed (or does not exist); nothing was changed.")]
    public static partial void IpnRetryRefused(ILogger logger, string user, long id);

    [LoggerMessage(EventId = 4003, EventName = "OperationsRefundResolved", Level = LogLevel.Information, Message = "{User} marked quarantined refund {Id} resolved from the operations page: {Resolution}")]
    public static partial void RefundResolved(ILogger logger, string user, string id, string resolution);

    [LoggerMessage(EventId = 4004, EventName = "OperationsRefundResolveRefused", Level = LogLevel.Warning, Message = "{User} asked to resolve quarantined refund {Id}, which is not waiting (resolved already, or unknown); nothing was changed.")]
    public static partial void RefundResolveRefused(ILogger logger, string user, string id);

    [LoggerMessage(EventId = 4005, EventName = "OperationsForgeryRefused", Level = LogLevel.Warning, Message = "An operations action from {User} was refused: its antiforgery token is missing or invalid ({Reason}).")]
    public static partial void ForgeryRefused(ILogger logger, string user, string reason);

    [LoggerMessage(EventId = 4006, EventName = "OperationsAnonymousInDevelopment", Level = LogLevel.Warning, Message = "The Tiki VIP operations page at {Pattern} is open to anonymous users (AllowAnonymousForLocalDevelopment, Development environment). Never do this on a reachable machine.")]
    public static partial void AnonymousInDevelopment(ILogger logger, string pattern);

    [LoggerMessage(EventId = 4007, EventName = "OperationsReconciliationDayRun", Level = LogLevel.Information, Message = "{User} delivered the reconciliation of {Day} from the operations page: {State}.")]
    public static partial void ReconciliationDayRun(ILogger logger, string user, string day, string state);

    [LoggerMessage(EventId = 4008, EventName = "OperationsIpnsRetriedInBulk", Level = LogLevel.Information, Message = "{User} requeued {Count} failed IPNs from the operations page (filter: {Filter}).")]
    public static partial void IpnsRetriedInBulk(ILogger logger, string user, long count, string filter);

    [LoggerMessage(EventId = 4009, EventName = "OperationsReconciliationResultsFetched", Level = LogLevel.Information, Message = "{User} fetched Tiki's results for {Day} again from the operations page: {Outcome}.")]
    public static partial void ReconciliationResultsFetched(ILogger logger, string user, string day, string outcome);

    [LoggerMessage(EventId = 4010, EventName = "OperationsAuditNotRecorded", Level = LogLevel.Error, Message = "The audit trail could not record an action of {User} ({Action}); it is only in this log.")]
    public static partial void AuditNotRecorded(ILogger logger, Exception exception, string user, string action);
}
