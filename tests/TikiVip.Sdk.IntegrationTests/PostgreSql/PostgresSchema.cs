using Npgsql;

namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>A fresh schema per test, dropped afterwards, so tests never see each other's rows.</summary>
public sealed class PostgresSchema : IAsyncLifetime
{
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString => PostgresFactAttribute.ConnectionString!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public Task InitializeAsync()
    {
        if (!string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString))
        {
            DataSource = NpgsqlDataSource.Create(ConnectionString);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (DataSource is null)
        {
            return;
        }

        await using (var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Name}\" CASCADE"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await DataSource.DisposeAsync();
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql.Replace("{schema}", $"\"{Name}\"", StringComparison.Ordinal));
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql.Replace("{schema}", $"\"{Name}\"", StringComparison.Ordinal));
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
