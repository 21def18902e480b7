using System.Reflection;
using System.Text.RegularExpressions;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// The public surface stays honest: every public type of every package is listed in docs/architecture.md's "public
/// surface" table with who it exists for (a partner, a partner's tests, a store author, or Razor), and every row
/// names a type that exists. A type becomes public only with a reader in mind.
/// </summary>
public sealed partial class PublicSurfaceTests
{
    private static readonly string[] Packages =
    [
        "TikiVip.Sdk", "TikiVip.Sdk.AspNetCore", "TikiVip.Sdk.Testing", "TikiVip.Sdk.PostgreSql", "TikiVip.Sdk.Reconciliation",
        "TikiVip.Sdk.Reconciliation.Sftp", "TikiVip.Sdk.Reconciliation.PostgreSql", "TikiVip.Sdk.Operations",
    ];

    private static readonly string[] Audiences = ["partner", "partner tests", "store author", "Razor"];

    [Fact]
    public void Every_public_type_is_listed_with_its_audience_and_every_row_names_a_public_type()
    {
        var listed = Listed();
        var exported = Packages.Select(Assembly.Load)
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested)
            .Select(Name)
            .ToHashSet(StringComparer.Ordinal);

        var unlisted = exported.Where(t => !listed.ContainsKey(t)).Order(StringComparer.Ordinal).ToList();
        var gone = listed.Keys.Where(t => !exported.Contains(t)).Order(StringComparer.Ordinal).ToList();
        var unknownAudience = listed.Where(row => !Audiences.Contains(row.Value)).Select(row => $"{row.Key}: '{row.Value}'").ToList();

        Assert.True(unlisted.Count == 0, "Public but not in docs/architecture.md's public surface (say who it is for, or make it internal):\n" + string.Join("\n", unlisted));
        Assert.True(gone.Count == 0, "Listed in docs/architecture.md's public surface but not public:\n" + string.Join("\n", gone));
        Assert.True(unknownAudience.Count == 0, $"Audiences are {string.Join(", ", Audiences)}:\n" + string.Join("\n", unknownAudience));
    }

    [Fact]
    public void Razor_is_the_audience_of_views_only()
    {
        var razor = Listed().Where(row => row.Value == "Razor").Select(row => row.Key).ToList();

        Assert.NotEmpty(razor);
        Assert.All(razor, type => Assert.StartsWith("TikiVip.Sdk.Operations.Views.", type, StringComparison.Ordinal));
    }

    /// <summary>The table's rows: type name and audience.</summary>
    private static Dictionary<string, string> Listed()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var section = text[text.IndexOf("## The public surface", StringComparison.Ordinal)..];
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(section))
        {
            Assert.True(rows.TryAdd(row.Groups[1].Value, row.Groups[2].Value.Trim()), $"{row.Groups[1].Value} is listed twice");
        }

        return rows;
    }

    private static string Name(Type type) =>
        type.IsGenericTypeDefinition
            ? $"{type.Namespace}.{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>"
            : type.FullName!;

    [GeneratedRegex(@"^\| `([^`]+)` \| ([^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
