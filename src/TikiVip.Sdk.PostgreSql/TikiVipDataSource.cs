using Npgsql;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>The SDK's own handle on the data source, so it never collides with an application's NpgsqlDataSource registration.</summary>
internal sealed class TikiVipDataSource(NpgsqlDataSource value, bool owned) : IAsyncDisposable
{
    public NpgsqlDataSource Value { get; } = value;

    public ValueTask DisposeAsync() => owned ? Value.DisposeAsync() : default;
}
