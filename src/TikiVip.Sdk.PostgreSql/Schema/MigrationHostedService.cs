using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql.Schema;

/// <summary>
/// Applies the migrations while the host starts: in <see cref="IHostedLifecycleService.StartingAsync"/>, which the
/// host runs before any hosted service's StartAsync, so the tables exist before the outbox or a job uses them,
/// whatever the registration order.
/// </summary>
internal sealed class MigrationHostedService(TikiVipPostgreSqlMigrator migrator, IOptions<TikiVipPostgreSqlOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
