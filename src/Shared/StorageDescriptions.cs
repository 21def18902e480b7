namespace TikiVip.Sdk.Shared;

/// <summary>How the SDK's own stores describe where they keep their data (<see cref="ITikiVipStore.StorageDescription"/>), said once for every package (shared source: each package compiles its own copy).</summary>
internal static class StorageDescriptions
{
    /// <summary>A store in this process's memory.</summary>
    public const string InMemory = "in memory (this process only; forgotten on restart)";

    /// <summary>A store in the database <c>UsePostgreSql</c> configured.</summary>
    public const string PostgreSql = "PostgreSQL (UsePostgreSql), shared by every instance";
}
