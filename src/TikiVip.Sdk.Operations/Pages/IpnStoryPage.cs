using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TikiVip.Sdk.Operations.Views;
using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>One IPN's story: what it reports, every call made to Tiki for it and what Tiki answered, and its transaction elsewhere.</summary>
internal static class IpnStoryPage
{
    public static async Task<IResult> RenderAsync(OperationsPage page, long id, CancellationToken cancellationToken)
    {
        if (page.Services.GetService<IIpnOutbox>() is not { } outbox || await outbox.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return await page.RenderAsync<IpnStoryView>(new Model(id, null, [], null), StatusCodes.Status404NotFound).ConfigureAwait(false);
        }

        var attempts = await outbox.GetAttemptsAsync(id, cancellationToken).ConfigureAwait(false);
        var related = await TransactionLinks.LoadAsync(page, entry.TikiTransactionId, entry.CreatedAt, cancellationToken).ConfigureAwait(false);
        return await page.RenderAsync<IpnStoryView>(new Model(id, entry, attempts, related)).ConfigureAwait(false);
    }

    /// <summary>The IPN, its calls and its transaction elsewhere; <see cref="Entry"/> is <see langword="null"/> for an unknown id.</summary>
    internal sealed record Model(long Id, IpnOutboxEntry? Entry, IReadOnlyList<IpnOutboxAttempt> Attempts, TransactionLinks.Related? Related);
}
