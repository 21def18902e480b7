namespace TikiVip.Sdk.PostgreSql;

/// <summary>
/// A package's own tables in the SDK's PostgreSQL schema: a name, and its scripts, one per version, in order. The
/// package that uses the tables creates them: it registers its part (the reconciliation run store does, in
/// <c>AddReconciliation().UsePostgreSql()</c>), and <see cref="TikiVipPostgreSqlMigrator"/> brings every registered
/// part up to date after the core tables, each part's version recorded on its own.
/// </summary>
public sealed class TikiVipSchemaPart
{
    private readonly Func<string, IReadOnlyList<string>> _scripts;

    /// <summary>Describes a part.</summary>
    /// <param name="name">The part's name, recorded with its version: 1 to 63 lowercase letters, digits or '_' (e.g. <c>reconciliation</c>).</param>
    /// <param name="scripts">
    /// Given the quoted schema name (e.g. <c>"tikivip"</c>, quotes included), the SQL of every version of the part, in
    /// order. A version, once released, never changes: add one instead.
    /// </param>
    /// <exception cref="ArgumentException">The name is not a plain lowercase identifier.</exception>
    public TikiVipSchemaPart(string name, Func<string, IReadOnlyList<string>> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        if (!TikiVipPostgreSqlMigrator.IsValidSchema(name)) // the same identifier rule as a schema's
        {
            throw new ArgumentException($"The schema part's name '{name}' must be 1 to 63 lowercase letters, digits or '_', starting with a letter or '_'.", nameof(name));
        }

        Name = name;
        _scripts = scripts;
    }

    /// <summary>The part's name, as the schema records its version.</summary>
    public string Name { get; }

    /// <summary>The SQL of every version of the part, in order, for a schema (for teams that review or apply migrations themselves).</summary>
    /// <param name="schema">The schema the scripts create and use.</param>
    /// <returns>One SQL script per version, in order.</returns>
    /// <exception cref="ArgumentException">The schema name is not a plain lowercase identifier.</exception>
    public IReadOnlyList<string> Scripts(string schema) => _scripts(TikiVipPostgreSqlMigrator.Quote(TikiVipPostgreSqlMigrator.ValidateSchema(schema)));
}
