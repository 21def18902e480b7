using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Audit;

namespace TikiVip.Sdk.Operations;

/// <summary>Writes each action of the page, done or refused, to the store's audit trail with the signed-in user's name.</summary>
internal static class OperationsAudit
{
    public static async Task RecordAsync(HttpContext context, string action, OperationsAuditTarget target, OperationsAuditOutcome outcome, string? detail = null)
    {
        var entry = new OperationsAuditEntry
        {
            At = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            Actor = OperationsEndpoints.UserName(context),
            Action = action,
            Target = target,
            Outcome = outcome,
            Detail = detail,
        };
        try
        {
            await context.RequestServices.GetRequiredService<IOperationsAuditTrail>().RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The action itself stands; the application's log keeps what the trail could not.
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TikiVip.Sdk.Operations");
            var text = $"{entry.Action} on {entry.Target}: {entry.Outcome}";
            OperationsLog.AuditNotRecorded(logger, ex, entry.Actor, text);
        }
    }
}
