using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.Reconciliation.PostgreSql;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the daily job's runs in PostgreSQL, shared by every instance.</summary>
public static class TikiVipReconciliationPostgreSqlExtensions
{
    /// <summary>
    /// Keeps the daily job's runs in the database <c>AddTikiVip().UsePostgreSql(...)</c> configured (table
    /// <c>reconciliation_runs</c>, this package's <see cref="TikiVipReconciliationPostgreSqlSchema.Part"/>, which the
    /// SDK's migrator creates with the core tables): each day is worked on by exactly one instance, and a restart
    /// resumes where the run stopped.
    /// </summary>
    /// <param name="builder">What <c>AddReconciliation</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static TikiVipReconciliationBuilder UsePostgreSql(this TikiVipReconciliationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(TikiVipSchemaPart) && ReferenceEquals(d.ImplementationInstance, TikiVipReconciliationPostgreSqlSchema.Part)))
        {
            builder.Services.AddSingleton(TikiVipReconciliationPostgreSqlSchema.Part);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IReconciliationRunStore>(provider => new PostgreSqlReconciliationRunStore(
            provider.GetService<TikiVipDataSource>() ?? throw new InvalidOperationException(
                "The reconciliation run store needs the SDK's PostgreSQL database: call AddTikiVip(...).UsePostgreSql(connectionString) too."),
            provider.GetRequiredService<IOptions<TikiVipPostgreSqlOptions>>())));
        return builder;
    }
}
