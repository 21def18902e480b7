using TikiVip.Sdk.Reconciliation;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace TikiVip.Sdk.ReadmeSnippets;

#region readme
public sealed class PaymentsReconciliationSource(PaymentsDbContext db) : IReconciliationSource
{
    public IAsyncEnumerable<ReconciliationRecord> GetRecordsAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)); // Vietnam's midnight
        var end = start.AddDays(1);
        return db.Payments
            .Where(p => p.CreatedAt >= start && p.CreatedAt < end)
            .Select(p => new ReconciliationRecord
            {
                TikiTransactionId = p.TikiTransactionId, TransactionId = p.Id, Amount = p.Amount,
                Status = p.Status, CreatedAt = p.CreatedAt, UpdatedAt = p.UpdatedAt,
            })
            .AsAsyncEnumerable();
    }
}
#endregion

public static class DailyJobSnippets
{
    public static void Register(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .UsePostgreSql(builder.Configuration.GetSection("TikiVip:PostgreSql"))
            .AddReconciliation<PaymentsReconciliationSource>(builder.Configuration.GetSection("TikiVip:Reconciliation"))
            .UseSftp()          // TikiVip.Sdk.Reconciliation.Sftp: settings from TikiVip:Reconciliation:Sftp
            .UsePostgreSql();   // TikiVip.Sdk.Reconciliation.PostgreSql: several instances, one works on each day
        builder.Services.AddHealthChecks().AddTikiVipReconciliation();
        #endregion
    }

    public static async Task ByHandAsync(WebApplication app, CancellationToken cancellationToken)
    {
        #region readme
        var job = app.Services.GetRequiredService<ReconciliationJob>();
        var run = await job.RunDayAsync(new DateOnly(2026, 11, 21), cancellationToken);   // e.g. after fixing a day's data
        var week = await job.GetRunsAsync(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 21), cancellationToken);
        #endregion
    }

    public static void SftpPackageReadme(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .AddReconciliation<PaymentsReconciliationSource>(builder.Configuration.GetSection("TikiVip:Reconciliation"))
            .UseSftp();   // settings from TikiVip:Reconciliation:Sftp (Host, Port, Username, PrivateKeyPath, HostKeySha256, ...)
        #endregion
    }

    public static void PostgreSqlPackageReadme(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .UsePostgreSql(builder.Configuration.GetSection("TikiVip:PostgreSql"))      // the database (TikiVip.Sdk.PostgreSql)
            .AddReconciliation<PaymentsReconciliationSource>(builder.Configuration.GetSection("TikiVip:Reconciliation"))
            .UseSftp()                                                                 // TikiVip.Sdk.Reconciliation.Sftp
            .UsePostgreSql();                                                          // this package: one instance per day
        #endregion
    }

    public static void PackageReadme(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .AddReconciliation<PaymentsReconciliationSource>(builder.Configuration.GetSection("TikiVip:Reconciliation"))
            .UseSftp();   // TikiVip.Sdk.Reconciliation.Sftp
        #endregion
    }
}
