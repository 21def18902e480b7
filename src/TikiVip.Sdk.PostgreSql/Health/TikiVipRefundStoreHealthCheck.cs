using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TikiVip.Sdk.PostgreSql.Health;

/// <summary>Unhealthy when the refund idempotency table cannot be read: refunds would then be answered 500.</summary>
internal sealed class TikiVipRefundStoreHealthCheck(NpgsqlDataSource dataSource, string schema) : IHealthCheck
{
    private readonly string _sql = $"SELECT 1 FROM {TikiVipPostgreSqlMigrator.Quote(schema)}.refund_requests LIMIT 1";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var command = dataSource.CreateCommand(_sql);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The refund idempotency store is reachable.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The refund idempotency store cannot be reached: refunds are answered 500 until it is.", ex);
        }
    }
}
