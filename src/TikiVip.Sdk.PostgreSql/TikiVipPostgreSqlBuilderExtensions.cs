using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using TikiVip.Sdk.Audit;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql.Audit;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.PostgreSql;
using TikiVip.Sdk.PostgreSql.Outbox;
using TikiVip.Sdk.PostgreSql.Refunds;
using TikiVip.Sdk.PostgreSql.Schema;
using TikiVip.Sdk.Refunds;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts refund idempotency, the IPN outbox and the reconciliation job's runs on PostgreSQL.</summary>
public static class TikiVipPostgreSqlBuilderExtensions
{
    /// <summary>Uses PostgreSQL at <paramref name="connectionString"/> (the SDK owns the data source).</summary>
    /// <example><code>services.AddTikiVip(config.GetSection("TikiVip")).AddRefundHandler&lt;MyHandler&gt;().UsePostgreSql(config.GetConnectionString("Payments")!);</code></example>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <param name="connectionString">The PostgreSQL connection string.</param>
    /// <param name="configure">Sets schema, leases, outbox and retention options.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    /// <exception cref="InvalidOperationException"><c>UsePostgreSql</c> was already called.</exception>
    public static TikiVipBuilder UsePostgreSql(this TikiVipBuilder builder, string connectionString, Action<TikiVipPostgreSqlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Register(builder, configure);
        builder.Services.AddSingleton(_ => new TikiVipDataSource(NpgsqlDataSource.Create(connectionString), owned: true));
        return builder;
    }

    /// <summary>
    /// Uses PostgreSQL as a configuration section describes it, conventionally <c>TikiVip:PostgreSql</c>: its
    /// <c>ConnectionString</c> (required) and any <see cref="TikiVipPostgreSqlOptions"/> (<c>Schema</c>,
    /// <c>Outbox:MaxAttempts</c>, ...). The SDK owns the data source.
    /// </summary>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <param name="configuration">The section; a missing connection string fails at start-up, naming the key.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>UsePostgreSql</c> was already called.</exception>
    /// <example><code>services.AddTikiVip().UsePostgreSql(builder.Configuration.GetSection("TikiVip:PostgreSql"));</code></example>
    public static TikiVipBuilder UsePostgreSql(this TikiVipBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var key = configuration is IConfigurationSection section ? $"{section.Path}:ConnectionString" : "ConnectionString";
        Register(builder, null);
        builder.Services.AddOptions<TikiVipPostgreSqlOptions>()
            .Bind(configuration)
            .Validate(_ => !string.IsNullOrWhiteSpace(configuration["ConnectionString"]), $"{key} is required: the PostgreSQL connection string for TikiVip.Sdk.");
        builder.Services.AddSingleton(_ => new TikiVipDataSource(
            NpgsqlDataSource.Create(configuration["ConnectionString"] is { Length: > 0 } connectionString
                ? connectionString
                : throw new InvalidOperationException($"{key} is required: the PostgreSQL connection string for TikiVip.Sdk.")),
            owned: true));
        return builder;
    }

    /// <summary>Uses an application's <see cref="NpgsqlDataSource"/> (the application owns and disposes it).</summary>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <param name="dataSource">The application's data source.</param>
    /// <param name="configure">Sets schema, leases, outbox and retention options.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException"><c>UsePostgreSql</c> was already called.</exception>
    public static TikiVipBuilder UsePostgreSql(this TikiVipBuilder builder, NpgsqlDataSource dataSource, Action<TikiVipPostgreSqlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        Register(builder, configure);
        builder.Services.AddSingleton(new TikiVipDataSource(dataSource, owned: false));
        return builder;
    }

    private static TikiVipBuilder Register(TikiVipBuilder builder, Action<TikiVipPostgreSqlOptions>? configure)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(PostgreSqlRefundIdempotencyStore)))
        {
            throw new InvalidOperationException("UsePostgreSql was already called for this application.");
        }

        var options = services.AddOptions<TikiVipPostgreSqlOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TikiVipPostgreSqlOptions>, TikiVipPostgreSqlOptionsValidator>());
        services.TryAddSingleton(provider => new TikiVipPostgreSqlMigrator(
            provider.GetRequiredService<TikiVipDataSource>().Value, provider.GetRequiredService<IOptions<TikiVipPostgreSqlOptions>>().Value.Schema,
            provider.GetServices<TikiVipSchemaPart>())); // the tables other packages own, each registered by its package

        services.AddHostedService<MigrationHostedService>(); // migrates in StartingAsync, before any hosted service starts

        services.TryAddSingleton<PostgreSqlRefundIdempotencyStore>();
        services.Replace(ServiceDescriptor.Singleton<IRefundIdempotencyStore>(provider => provider.GetRequiredService<PostgreSqlRefundIdempotencyStore>()));
        services.Replace(ServiceDescriptor.Singleton<IRefundQuarantine, PostgreSqlRefundQuarantine>());
        services.TryAddSingleton<PostgreSqlRefundHistory>();
        services.Replace(ServiceDescriptor.Singleton<IRefundHistory>(provider => provider.GetRequiredService<PostgreSqlRefundHistory>()));

        services.Replace(ServiceDescriptor.Singleton<IOperationsAuditTrail, PostgreSqlOperationsAuditTrail>());

        services.TryAddSingleton<PostgreSqlIpnOutbox>();
        services.TryAddSingleton<IIpnOutbox>(provider => provider.GetRequiredService<PostgreSqlIpnOutbox>());
        services.AddHostedService<IpnOutboxDeliveryService>();
        services.AddHostedService<RetentionService>(); // expired refunds, settled IPNs

        return builder;
    }
}
