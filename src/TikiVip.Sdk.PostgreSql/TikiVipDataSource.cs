using Npgsql;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// The data source the SDK's PostgreSQL stores use, as <c>UsePostgreSql</c> configured it: the SDK's own handle, so
/// it never collides with an application's NpgsqlDataSource registration. Other TikiVip packages (the
/// reconciliation run store) reach the same database through it.
/// </summary>
public sealed class TikiVipDataSource : IAsyncDisposable
{
    private readonly bool _owned;

    internal TikiVipDataSource(NpgsqlDataSource value, bool owned)
    {
        Value = value;
        _owned = owned;
    }

    /// <summary>The data source.</summary>
    public NpgsqlDataSource Value { get; }

    /// <summary>Disposes the data source when the SDK created it from a connection string; one the application passed in is left to it.</summary>
    /// <returns>A task that completes when the data source is disposed.</returns>
    public ValueTask DisposeAsync() => _owned ? Value.DisposeAsync() : default;
}
