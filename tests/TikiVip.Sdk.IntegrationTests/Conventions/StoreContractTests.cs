using System.Reflection;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// Every store contract (a public interface a store of the SDK implements beside <see cref="ITikiVipStore"/>) has one
/// shape, so a store author meets no surprise from one contract to the next: every method returns <see cref="Task"/>
/// (the stores are I/O, their drivers return Task, and a ValueTask may be awaited once only, a trap for store code
/// and tests), ends with <c>CancellationToken cancellationToken = default</c>, and counts in <see langword="long"/>.
/// The contracts are found from the stores, so a new one is checked without a line here.
/// </summary>
public sealed class StoreContractTests
{
    private static readonly string[] Packages = ["TikiVip.Sdk", "TikiVip.Sdk.PostgreSql", "TikiVip.Sdk.Reconciliation", "TikiVip.Sdk.Reconciliation.PostgreSql"];

    public static TheoryData<string> Contracts()
    {
        var data = new TheoryData<string>();
        foreach (var contract in FindContracts())
        {
            data.Add(contract.FullName!);
        }

        return data;
    }

    [Fact]
    public void Every_store_contract_is_found()
    {
        string[] expected =
        [
            "TikiVip.Sdk.Audit.IOperationsAuditTrail", "TikiVip.Sdk.Outbox.IIpnOutbox", "TikiVip.Sdk.Refunds.IRefundHistory",
            "TikiVip.Sdk.Refunds.IRefundIdempotencyStore", "TikiVip.Sdk.Refunds.IRefundQuarantine", "TikiVip.Sdk.Reconciliation.Scheduling.IReconciliationRunStore",
        ];

        Assert.Subset(FindContracts().Select(c => c.FullName!).ToHashSet(), expected.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void A_store_contract_returns_tasks_takes_an_optional_token_last_and_counts_in_long(string contract)
    {
        var type = FindContracts().Single(c => c.FullName == contract);
        var problems = new List<string>();
        foreach (var method in type.GetMethods())
        {
            var returns = method.ReturnType;
            if (returns != typeof(Task) && !(returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>)))
            {
                problems.Add($"{method.Name} returns {returns.Name}, not Task");
            }
            else if (returns == typeof(Task<int>))
            {
                problems.Add($"{method.Name} returns Task<int>: counts are long");
            }

            var last = method.GetParameters().LastOrDefault();
            if (last is null || last.ParameterType != typeof(CancellationToken) || last.Name != "cancellationToken" || !last.HasDefaultValue)
            {
                problems.Add($"{method.Name} does not end with 'CancellationToken cancellationToken = default'");
            }
        }

        Assert.Empty(problems);
    }

    private static IEnumerable<Type> FindContracts() =>
        Packages.Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && typeof(ITikiVipStore).IsAssignableFrom(t))
            .SelectMany(t => t.GetInterfaces())
            .Where(i => i.IsPublic && i != typeof(ITikiVipStore) && i.Namespace!.StartsWith("TikiVip.Sdk", StringComparison.Ordinal))
            .Distinct()
            .OrderBy(i => i.FullName, StringComparer.Ordinal);
}
