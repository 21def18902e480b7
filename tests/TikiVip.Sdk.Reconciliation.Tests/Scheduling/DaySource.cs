using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.Reconciliation.Tests.Scheduling;

/// <summary>
/// A partner's payments for the daily job's tests: the same rows for a day every time it is asked (as a real
/// source gives for a day that is over), with counts of the calls and switches for failures and slowness.
/// </summary>
public sealed class DaySource
{
    private int _failuresLeft;

    public int RowsPerDay { get; set; } = 25;

    /// <summary>The extra fields every row carries (a layout with Extra columns needs them).</summary>
    public Dictionary<string, string> Extras { get; set; } = [];

    /// <summary>Deliveries asked per day (the matcher's calls are counted apart).</summary>
    public ConcurrentDictionary<DateOnly, int> Calls { get; } = new();

    /// <summary>While set, every call waits for it: two instances can be made to race.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Signalled when a call starts waiting at <see cref="Gate"/>.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void FailNext(int calls) => _failuresLeft = calls;

    public static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(7));

    public static string TikiId(DateOnly day, int i) => $"T-{day:yyyyMMdd}-{i:D6}";

    public IEnumerable<ReconciliationRecord> Rows(DateOnly day) =>
        Enumerable.Range(1, RowsPerDay).Select(i => new ReconciliationRecord
        {
            TikiTransactionId = TikiId(day, i),
            TransactionId = $"ORDER-{day:yyyyMMdd}-{i}",
            Amount = 10_000 * i,
            Status = TikiVipTransactionStatus.Success,
            CreatedAt = Noon(day),
            UpdatedAt = Noon(day),
            Extras = Extras,
        });

    internal async IAsyncEnumerable<ReconciliationRecord> GetAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(day, 1, (_, n) => n + 1);
        if (Gate is { } gate)
        {
            Entered.TrySetResult();
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("the payments database is unreachable");
        }

        foreach (var row in Rows(day))
        {
            yield return row;
        }
    }

    /// <summary>What the job resolves per scope: it hands over to the shared <see cref="DaySource"/>.</summary>
    public sealed class Scoped(DaySource source) : IReconciliationSource
    {
        public IAsyncEnumerable<ReconciliationRecord> GetRecordsAsync(DateOnly day, CancellationToken cancellationToken) => source.GetAsync(day, cancellationToken);
    }
}
