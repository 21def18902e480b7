using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>A partner's source of a day with no transactions: the page tests are about the runs, not the rows.</summary>
internal sealed class NoRecords : IReconciliationSource
{
    public IAsyncEnumerable<ReconciliationRecord> GetRecordsAsync(DateOnly day, CancellationToken cancellationToken) => AsyncEnumerable.Empty<ReconciliationRecord>();
}
