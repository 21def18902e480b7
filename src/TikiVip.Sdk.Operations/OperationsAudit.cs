using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikiVip.Sdk.Audit;

namespace TikiVip.Sdk.Operations;

/// <summary>Writes each action of the page, done or refused, to the store's audit trail with the signed-in user's name.</summary>
internal static class OperationsAudit
{
    /// <summary>How a target is named, so the audit page can link it back (<see cref="TryParseIpn"/>, <see cref="TryParseDay"/>).</summary>
    private const string IpnPrefix = "IPN ", DayPrefix = "reconciliation ";

    public static string IpnTarget(long id) => IpnPrefix + id.ToString(CultureInfo.InvariantCulture);

    public static string DayTarget(string day) => DayPrefix + day;

    public static string RefundTarget(string quarantineId) => "quarantined refund " + quarantineId;

    public static bool TryParseIpn(string target, out long id)
    {
        id = 0;
        return target.StartsWith(IpnPrefix, StringComparison.Ordinal)
            && long.TryParse(target.AsSpan(IpnPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    public static bool TryParseDay(string target, out DateOnly day)
    {
        day = default;
        return target.StartsWith(DayPrefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(target.AsSpan(DayPrefix.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    public static async Task RecordAsync(HttpContext context, string action, string target, OperationsAuditOutcome outcome, string? detail = null)
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
