using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TikiVip.Sdk.Reconciliation.Delivery;
using TikiVip.Sdk.Reconciliation.Sftp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Delivers the daily job's files through Tiki's SFTP server.</summary>
public static class TikiVipReconciliationSftpExtensions
{
    /// <summary>
    /// Delivers through Tiki's SFTP server, with its settings bound from the <c>Sftp</c> subsection of the section
    /// <c>AddReconciliation</c> was given (<c>TikiVip:Reconciliation:Sftp</c>), and validated at start-up.
    /// </summary>
    /// <param name="builder">What <c>AddReconciliation</c> returned.</param>
    /// <param name="configure">Sets what configuration cannot, e.g. a private key from a secret store.</param>
    /// <returns>The same builder.</returns>
    public static TikiVipReconciliationBuilder UseSftp(this TikiVipReconciliationBuilder builder, Action<ReconciliationSftpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Register(builder);
        if (builder.Configuration is { } configuration)
        {
            options.Bind(configuration.GetSection("Sftp"));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder;
    }

    /// <summary>Delivers through Tiki's SFTP server, with its settings bound from <paramref name="configuration"/>.</summary>
    /// <param name="builder">What <c>AddReconciliation</c> returned.</param>
    /// <param name="configuration">The section with <c>Host</c>, <c>Username</c>, <c>PrivateKeyPath</c>, <c>HostKeySha256</c>, ...</param>
    /// <returns>The same builder.</returns>
    public static TikiVipReconciliationBuilder UseSftp(this TikiVipReconciliationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        Register(builder).Bind(configuration);
        return builder;
    }

    private static OptionsBuilder<ReconciliationSftpOptions> Register(TikiVipReconciliationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconciliationSftpOptions>, ReconciliationSftpOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IReconciliationTransport>(provider => new ReconciliationSftpClient(
            provider.GetRequiredService<IOptions<ReconciliationSftpOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ReconciliationSftpClient>>())));
        return services.AddOptions<ReconciliationSftpOptions>().ValidateOnStart();
    }
}
