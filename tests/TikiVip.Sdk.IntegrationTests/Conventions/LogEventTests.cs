using System.Reflection;
using Microsoft.Extensions.Logging;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>Every log event of every package has its own id and a name, so partners can filter and alert on them.</summary>
public sealed class LogEventTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(ITikiVipClient).Assembly,
        typeof(Microsoft.AspNetCore.Builder.TikiVipRefundEndpointExtensions).Assembly,
        typeof(TikiVip.Sdk.Testing.TikiVipEmulator).Assembly,
        typeof(TikiVip.Sdk.PostgreSql.TikiVipDataSource).Assembly,
        typeof(TikiVip.Sdk.Reconciliation.Scheduling.ReconciliationJob).Assembly,
        typeof(TikiVip.Sdk.Reconciliation.Sftp.ReconciliationSftpClient).Assembly,
        typeof(TikiVip.Sdk.Reconciliation.PostgreSql.PostgreSqlReconciliationRunStore).Assembly,
        typeof(Microsoft.AspNetCore.Builder.TikiVipOperationsEndpointExtensions).Assembly,
    ];

    private static List<(string Method, LoggerMessageAttribute Event)> Events() =>
        Packages.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Event: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Event is not null)
            .Select(e => (e.Method, e.Event!))
            .ToList();

    [Fact]
    public void The_packages_define_their_log_events_with_the_source_generator()
    {
        Assert.True(Events().Count >= 20, "the log events were not found; did the reflection miss them?");
    }

    [Fact]
    public void Every_log_event_has_an_id_of_its_own_across_all_packages()
    {
        var duplicates = Events().GroupBy(e => e.Event.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();

        Assert.Empty(duplicates);
        Assert.All(Events(), e => Assert.True(e.Event.EventId > 0, $"{e.Method} has no event id"));
    }

    [Fact]
    public void Every_log_event_has_a_name_of_its_own()
    {
        Assert.All(Events(), e => Assert.False(string.IsNullOrWhiteSpace(e.Event.EventName), $"{e.Method} has no EventName"));
        Assert.Empty(Events().GroupBy(e => e.Event.EventName).Where(g => g.Count() > 1).Select(g => g.Key));
    }
}
