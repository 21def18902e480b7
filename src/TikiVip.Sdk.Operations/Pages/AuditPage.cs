using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.Operations.Views;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>The audit trail: who did what on this page, when, and how it ended, newest first.</summary>
internal static class AuditPage
{
    internal const int Limit = 100;

    public static async Task<IResult> RenderAsync(OperationsPage page, CancellationToken cancellationToken)
    {
        var trail = page.Services.GetRequiredService<IOperationsAuditTrail>();
        var query = page.Context.Request.Query;
        var search = query["q"].ToString().Trim();
        var before = long.TryParse(query["before"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
        var found = await trail.QueryAsync(new OperationsAuditQuery { Search = search, Before = before, Limit = Limit }, cancellationToken).ConfigureAwait(false);
        return await page.RenderAsync<AuditView>(new Model(trail is ITikiVipStore { IsSharedByInstances: false }, search, found)).ConfigureAwait(false);
    }

    internal sealed record Model(bool InMemory, string Search, KeysetPage<OperationsAuditEntry> Found);
}
