using TikiVip.Sdk.Outbox;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>What a person filters the outbox by (a transaction, Tiki's advice), as the list, the count and the bulk retry all read it.</summary>
internal sealed record IpnFilter(string TransactionId, TikiVipRecommendedAction? Action)
{
    /// <summary>Tiki's advice as the filter offers it, in the words of the page.</summary>
    public static readonly (TikiVipRecommendedAction Action, string Label)[] Advice =
    [
        (TikiVipRecommendedAction.None, "Tiki could not be reached"),
        (TikiVipRecommendedAction.Retry, "Transient: retry"),
        (TikiVipRecommendedAction.CheckCredentials, "Credentials or signature refused"),
        (TikiVipRecommendedAction.CheckRequest, "Request refused as wrong"),
        (TikiVipRecommendedAction.CheckTransactionId, "Transaction id unknown to Tiki"),
        (TikiVipRecommendedAction.LookUpAgain, "Pending at Tiki"),
        (TikiVipRecommendedAction.RefundCustomer, "Refused for good: refund the customer"),
    ];

    public static IpnFilter From(string transactionId, string action) => new(
        transactionId.Trim(),
        Enum.TryParse<TikiVipRecommendedAction>(action, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(action, out _) ? parsed : null);

    public IpnOutboxQuery Query(IpnOutboxState? state = null, long? before = null, int limit = 100) => new()
    {
        State = state, TransactionId = TransactionId, RecommendedAction = Action, Before = before, Limit = limit,
    };

    /// <summary>
    /// The failed entries matching the filter: those a bulk retry requeues, and Tiki's final refusals, which it
    /// leaves alone (as <see cref="IIpnOutbox.RequeueFailedAsync(IpnOutboxQuery, long, CancellationToken)"/> does).
    /// </summary>
    public async Task<(long Retryable, long RefusedForGood)> CountFailedAsync(IIpnOutbox outbox, CancellationToken cancellationToken)
    {
        var refusedForGood = Action is null or TikiVipRecommendedAction.RefundCustomer
            ? await outbox.CountAsync((this with { Action = TikiVipRecommendedAction.RefundCustomer }).Query(IpnOutboxState.Failed), cancellationToken).ConfigureAwait(false)
            : 0;
        if (Action == TikiVipRecommendedAction.RefundCustomer)
        {
            return (0, refusedForGood);
        }

        var failed = await outbox.CountAsync(Query(IpnOutboxState.Failed), cancellationToken).ConfigureAwait(false);
        return (failed - refusedForGood, refusedForGood);
    }

    /// <summary>The filter in the page's query string (<c>q</c>, <c>action</c>).</summary>
    public string QueryString => $"q={Uri.EscapeDataString(TransactionId)}&action={Action}";

    /// <summary>The filter in words, for the audit trail and the log.</summary>
    public string Describe()
    {
        var parts = new List<string>(2);
        if (TransactionId.Length > 0)
        {
            parts.Add("transaction " + TransactionId);
        }

        if (Action is { } action)
        {
            parts.Add("Tiki's advice " + action);
        }

        return parts.Count == 0 ? "(all)" : "(" + string.Join(", ", parts) + ")";
    }
}
