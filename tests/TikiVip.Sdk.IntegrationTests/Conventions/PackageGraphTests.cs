using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// The shipped packages' graph and who owns which table (docs/architecture.md draws both): a new reference, or a
/// package creating another's table, fails here first, on purpose.
/// </summary>
public sealed partial class PackageGraphTests
{
    [Fact]
    public void Each_package_references_only_the_packages_the_architecture_allows()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["TikiVip.Sdk"] = [],
            ["TikiVip.Sdk.AspNetCore"] = ["TikiVip.Sdk"],
            ["TikiVip.Sdk.Testing"] = ["TikiVip.Sdk"],
            ["TikiVip.Sdk.PostgreSql"] = ["TikiVip.Sdk"],
            ["TikiVip.Sdk.Reconciliation"] = ["TikiVip.Sdk"],
            ["TikiVip.Sdk.Reconciliation.Sftp"] = ["TikiVip.Sdk.Reconciliation"],
            ["TikiVip.Sdk.Reconciliation.PostgreSql"] = ["TikiVip.Sdk.PostgreSql", "TikiVip.Sdk.Reconciliation"],
            ["TikiVip.Sdk.Operations"] = ["TikiVip.Sdk", "TikiVip.Sdk.Reconciliation"],
            ["TikiVip.Cli"] = ["TikiVip.Sdk", "TikiVip.Sdk.PostgreSql", "TikiVip.Sdk.Reconciliation.Sftp", "TikiVip.Sdk.Testing"],
        };

        var actual = Directory.GetFiles(Path.Combine(Repository.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("ProjectReference")
                    .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value))
                    .Order(StringComparer.Ordinal).ToArray());

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (package, references) in expected)
        {
            Assert.True(references.Order(StringComparer.Ordinal).SequenceEqual(actual[package]), $"{package} references {string.Join(", ", actual[package])}; expected {string.Join(", ", references)}.");
        }
    }

    [Fact]
    public void Each_table_is_created_by_the_one_package_that_uses_it()
    {
        var expected = new Dictionary<string, string>
        {
            ["schema_version"] = "TikiVip.Sdk.PostgreSql",
            ["schema_part_version"] = "TikiVip.Sdk.PostgreSql",
            ["refund_requests"] = "TikiVip.Sdk.PostgreSql",
            ["refund_totals"] = "TikiVip.Sdk.PostgreSql",
            ["refund_quarantine"] = "TikiVip.Sdk.PostgreSql",
            ["refund_history"] = "TikiVip.Sdk.PostgreSql",
            ["ipn_outbox"] = "TikiVip.Sdk.PostgreSql",
            ["ipn_outbox_attempts"] = "TikiVip.Sdk.PostgreSql",
            ["tiki_reachability"] = "TikiVip.Sdk.PostgreSql",
            ["operations_audit"] = "TikiVip.Sdk.PostgreSql",
            ["reconciliation_runs"] = "TikiVip.Sdk.Reconciliation.PostgreSql",
        };

        var created = new Dictionary<string, List<string>>();
        foreach (var package in Directory.GetDirectories(Path.Combine(Repository.Root, "src")))
        {
            foreach (var file in Directory.GetFiles(package, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                foreach (Match match in CreateTable().Matches(File.ReadAllText(file)))
                {
                    var table = match.Groups["table"].Value;
                    (created.TryGetValue(table, out var by) ? by : created[table] = []).Add(Path.GetFileName(package));
                }
            }
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), created.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, owner) in expected)
        {
            Assert.Equal([owner], created[table]);
        }

        // And the stores that use a table live in the package that creates it.
        var runStore = File.ReadAllText(Path.Combine(Repository.Root, "src", "TikiVip.Sdk.Reconciliation.PostgreSql", "PostgreSqlReconciliationRunStore.cs"));
        Assert.Contains("reconciliation_runs", runStore, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(Repository.Root, "src", "TikiVip.Sdk.PostgreSql"), "*.cs", SearchOption.AllDirectories),
            file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && ReconciliationTable().IsMatch(File.ReadAllText(file)));
    }

    [Fact]
    public void Each_file_declares_the_namespace_its_folder_names()
    {
        var misplaced = new List<string>();
        var src = Path.Combine(Repository.Root, "src");
        foreach (var package in Directory.GetDirectories(src))
        {
            foreach (var file in Directory.GetFiles(package, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var folder = Path.GetRelativePath(package, Path.GetDirectoryName(file)!);
                var root = Path.GetFileName(package) == "Shared" ? "TikiVip.Sdk.Shared" : Path.GetFileName(package); // shared source: one namespace of its own
                var expected = root + (folder == "." ? "" : "." + folder.Replace(Path.DirectorySeparatorChar, '.'));
                var declared = Namespace().Match(File.ReadAllText(file)) is { Success: true } m ? m.Groups[1].Value : null;
                // Registration extensions live in Microsoft's namespaces (as ASP.NET Core's do), polyfills in the BCL's.
                if (declared is null || declared == expected || declared.StartsWith("Microsoft.", StringComparison.Ordinal) || folder == "Polyfills")
                {
                    continue;
                }

                misplaced.Add($"{Path.GetRelativePath(src, file)}: namespace {declared}, folder says {expected}");
            }
        }

        Assert.True(misplaced.Count == 0, string.Join("\n", misplaced));
    }

    [Fact]
    public void Code_shared_by_packages_is_internal_source_in_src_Shared_only()
    {
        var src = Path.Combine(Repository.Root, "src");
        var problems = new List<string>();
        foreach (var project in Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            foreach (Match include in CompileInclude().Matches(File.ReadAllText(project)))
            {
                if (!include.Groups[1].Value.StartsWith("../Shared/", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(project)} compiles {include.Groups[1].Value}: shared source lives in src/Shared");
                }
            }
        }

        foreach (var file in Directory.GetFiles(Path.Combine(src, "Shared"), "*.cs"))
        {
            if (PublicType().IsMatch(File.ReadAllText(file)))
            {
                problems.Add($"src/Shared/{Path.GetFileName(file)} declares a public type: each package compiles its own copy, so it must be internal");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"<Compile Include=""([^""]+)""")]
    private static partial Regex CompileInclude();

    [GeneratedRegex(@"^public (?:static |sealed |abstract |readonly |partial )*(?:class|struct|record|enum|interface) ", RegexOptions.Multiline)]
    private static partial Regex PublicType();

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"CREATE TABLE (?:IF NOT EXISTS )?\{\w+\}\.(?<table>\w+)")]
    private static partial Regex CreateTable();

    // The core may name the table in a comment (its history); no statement of it may touch the table.
    [GeneratedRegex(@"\{\w+\}\.reconciliation_runs|\.reconciliation_runs""")]
    private static partial Regex ReconciliationTable();
}
