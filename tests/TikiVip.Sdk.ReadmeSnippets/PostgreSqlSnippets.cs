using Npgsql;
using TikiVip.Sdk.Outbox;
using TikiVip.Sdk.PostgreSql;

namespace TikiVip.Sdk.ReadmeSnippets;

public static class PostgreSqlSnippets
{
    public static void Register(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .AddRefundHandler<MyRefundHandler>()
            .UsePostgreSql(builder.Configuration.GetConnectionString("Payments")!, o => o.Schema = "tikivip");
            // or .UsePostgreSql(builder.Configuration.GetSection("TikiVip:PostgreSql")), or .UsePostgreSql(myNpgsqlDataSource)
        #endregion
    }

    public static void PackageReadme(WebApplicationBuilder builder)
    {
        #region readme
        builder.Services.AddTikiVip()
            .AddRefundHandler<MyRefundHandler>()
            .UsePostgreSql(builder.Configuration.GetConnectionString("Payments")!);
        #endregion
    }

    public static async Task EnqueueAsync(
        NpgsqlConnection connection, IIpnOutbox outbox, Payment payment, Func<NpgsqlConnection, NpgsqlTransaction, Payment, CancellationToken, Task> SavePaymentAsync, CancellationToken ct)
    {
        #region readme
        await using var tx = await connection.BeginTransactionAsync(ct);
        await SavePaymentAsync(connection, tx, payment, ct);
        await outbox.EnqueueAsync(new IpnRequest(payment.TikiId, payment.Id, payment.Amount, TikiVipTransactionStatus.Success), tx, ct);
        await tx.CommitAsync(ct);   // both or neither
        #endregion
    }
}
