namespace TikiVip.Sdk.IntegrationTests.PostgreSql;

/// <summary>A test that needs a PostgreSQL server: reported as skipped, with the reason, when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "TIKIVIP_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set: no PostgreSQL server to test against (.ci/run and .ci/postgres.sh provide one).";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
