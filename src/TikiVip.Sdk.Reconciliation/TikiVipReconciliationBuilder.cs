using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddReconciliation</c> returns: where the daily job's transport (<c>UseSftp</c>) and run store
/// (<c>UsePostgreSql</c>) are chosen, each from the package that brings it.
/// </summary>
public sealed class TikiVipReconciliationBuilder
{
    internal TikiVipReconciliationBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration section the job's options were bound from (<c>TikiVip:Reconciliation</c>), if any; transports bind their own subsection from it.</summary>
    public IConfiguration? Configuration { get; }
}
