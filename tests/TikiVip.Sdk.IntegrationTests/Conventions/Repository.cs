namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>The repository these tests were built from, for the tests that read its files.</summary>
internal static class Repository
{
    /// <summary>The folder holding TikiVip.Sdk.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TikiVip.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TikiVip.Sdk.sln was not found above " + AppContext.BaseDirectory);
    }
}
