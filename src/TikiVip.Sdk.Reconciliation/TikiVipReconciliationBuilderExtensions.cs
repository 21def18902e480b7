using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.DependencyInjection;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Layouts;
using TikiVip.Sdk.Reconciliation.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the daily reconciliation job.</summary>
public static class TikiVipReconciliationBuilderExtensions
{
    /// <summary>
    /// Adds the daily reconciliation job: at <see cref="ReconciliationJobOptions.RunAt"/> in Vietnam time it writes
    /// yesterday's files from <typeparamref name="TSource"/> (scoped), delivers them through the
    /// <see cref="TikiVip.Sdk.Reconciliation.Delivery.IReconciliationTransport"/> (<c>UseSftp</c> from
    /// <c>TikiVip.Sdk.Reconciliation.Sftp</c>), and later fetches and compares Tiki's results. Runs are kept in
    /// memory, so run it on one instance only, unless <c>UsePostgreSql()</c> from
    /// <c>TikiVip.Sdk.Reconciliation.PostgreSql</c> is called on the returned builder: then each day is worked on
    /// by exactly one instance and a restart resumes.
    /// </summary>
    /// <typeparam name="TSource">The partner's transactions of a day.</typeparam>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <param name="configure">Sets the job's options; they are validated at start-up.</param>
    /// <returns>A builder to choose the transport and the run store on.</returns>
    /// <exception cref="InvalidOperationException"><c>AddReconciliation</c> was already called.</exception>
    /// <example><code>services.AddTikiVip(config).AddReconciliation&lt;PaymentsReconciliationSource&gt;(o => { o.PartnerName = "ACME"; o.WorkDirectory = "/var/lib/tikivip"; }).UseSftp(o => ...);</code></example>
    public static TikiVipReconciliationBuilder AddReconciliation<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(
        this TikiVipBuilder builder, Action<ReconciliationJobOptions> configure)
        where TSource : class, IReconciliationSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register<TSource>(builder).Configure(configure);
        return new TikiVipReconciliationBuilder(builder.Services, null);
    }

    /// <summary>
    /// Adds the daily reconciliation job with its options bound from a configuration section, conventionally
    /// <c>TikiVip:Reconciliation</c> (<c>PartnerName</c>, <c>WorkDirectory</c>, <c>RunAt</c>, <c>Layout</c>, <c>Results</c>, ...; the transport's own settings, e.g. <c>Sftp:Host</c>, in a subsection).
    /// </summary>
    /// <typeparam name="TSource">The partner's transactions of a day.</typeparam>
    /// <param name="builder">The builder <c>AddTikiVip</c> returned.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Adjusts the bound options, e.g. a layout built in code.</param>
    /// <returns>A builder to choose the transport (its settings bound from the <c>Sftp</c> subsection) and the run store on.</returns>
    /// <exception cref="InvalidOperationException"><c>AddReconciliation</c> was already called.</exception>
    public static TikiVipReconciliationBuilder AddReconciliation<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(
        this TikiVipBuilder builder, IConfiguration configuration, Action<ReconciliationJobOptions>? configure = null)
        where TSource : class, IReconciliationSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        // Bound by the reconciliation's own binder, so a value the configuration binder would refuse is named with every other problem.
        var options = Register<TSource>(builder).Configure(o => ReconciliationSettingsBinder.BindJob(configuration, o));
        builder.Services.AddSingleton<IOptionsChangeTokenSource<ReconciliationJobOptions>>(new ConfigurationChangeTokenSource<ReconciliationJobOptions>(configuration));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return new TikiVipReconciliationBuilder(builder.Services, configuration);
    }

    private static OptionsBuilder<ReconciliationJobOptions> Register<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(TikiVipBuilder builder)
        where TSource : class, IReconciliationSource
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ReconciliationJob)))
        {
            throw new InvalidOperationException("AddReconciliation was already called for this application.");
        }

        services.AddScoped<IReconciliationSource, TSource>();
        services.TryAddSingleton<IReconciliationRunStore, InMemoryReconciliationRunStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconciliationJobOptions>, ReconciliationJobOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(provider => new ReconciliationJobMetrics(provider.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(provider => new ReconciliationJob(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IReconciliationRunStore>(),
            provider.GetService<IReconciliationTransport>() ?? throw new InvalidOperationException(
                "The daily reconciliation job has no transport: call .UseSftp(...) on what AddReconciliation returned (package " +
                "TikiVip.Sdk.Reconciliation.Sftp), or register an IReconciliationTransport of your own."),
            provider.GetRequiredService<IOptions<ReconciliationJobOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ReconciliationJobMetrics>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(provider => new ReconciliationJobService(
            provider.GetRequiredService<ReconciliationJob>(),
            provider.GetRequiredService<IOptions<ReconciliationJobOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ReconciliationJobService>>()));
        return services.AddOptions<ReconciliationJobOptions>().ValidateOnStart();
    }
}
