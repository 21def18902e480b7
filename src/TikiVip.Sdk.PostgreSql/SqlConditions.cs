using Npgsql;

namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// A search's WHERE clause, built condition by condition with each value bound as a parameter of the command, so
/// every store's search reads the same way and nothing a user typed reaches the SQL text.
/// </summary>
internal sealed class SqlConditions(NpgsqlCommand command)
{
    private readonly List<string> _conditions = [];

    /// <summary>A condition without a value of its own (a constant, or parameters bound by the caller).</summary>
    public void Add(string condition) => _conditions.Add(condition);

    /// <summary>A condition and the value of its parameter.</summary>
    public void Add(string condition, string parameter, object value)
    {
        if (value is string text && text.Contains('\0', StringComparison.Ordinal))
        {
            // PostgreSQL's text cannot hold NUL, so no row matches it; sent as a parameter it would be an error instead.
            _conditions.Add("FALSE");
            return;
        }

        _conditions.Add(condition);
        command.Parameters.AddWithValue(parameter, value);
    }

    /// <summary><c>WHERE</c> and the conditions joined by <c>AND</c>, or nothing when there are none.</summary>
    public override string ToString() => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);
}
