using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TikiVip.Sdk.PostgreSql.Schema;

/// <summary>Applies the migrations while the host starts, before the store and outbox are used.</summary>
internal sealed class MigrationHostedService(TikiVipPostgreSqlMigrator migrator, IOptions<TikiVipPostgreSqlOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStartup ? migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
