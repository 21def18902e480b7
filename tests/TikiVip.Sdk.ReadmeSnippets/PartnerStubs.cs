using TikiVip.Sdk;

namespace TikiVip.Sdk.ReadmeSnippets;

// The partner's own types the README's snippets use, reduced to the shape the snippets need.

public sealed class Purchase
{
    public long Amount { get; set; }

    public void Refund(long amount, string reason, string requestId)
    {
    }
}

public sealed class Payment
{
    public string Id { get; set; } = "";

    public string TikiId { get; set; } = "";

    public string TikiTransactionId { get; set; } = "";

    public long Amount { get; set; }

    public TikiVipTransactionStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class PurchaseSet
{
    public ValueTask<Purchase?> FindAsync(object?[] keys, CancellationToken cancellationToken) => new((Purchase?)null);
}

public sealed class PaymentsDbContext
{
    public PurchaseSet Purchases { get; } = new();

    public IQueryable<Payment> Payments { get; } = Array.Empty<Payment>().AsQueryable();

    public Task<int> SaveChangesAsync(CancellationToken cancellationToken) => Task.FromResult(0);
}

public static class QueryableExtensions
{
    /// <summary>Stands in for Entity Framework Core's AsAsyncEnumerable.</summary>
    public static async IAsyncEnumerable<T> AsAsyncEnumerable<T>(this IQueryable<T> source)
    {
        foreach (var item in source)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
