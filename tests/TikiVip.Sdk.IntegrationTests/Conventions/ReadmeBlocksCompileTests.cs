using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// The partner README's code compiles exactly as a partner would paste it: each C# block opens with a comment that
/// names its file and project kind, e.g. <c>// Program.cs (ASP.NET Core web app)</c>, and is compiled with only the
/// usings it shows plus the implicit usings of that kind of project (the SDK's packages referenced). The blocks of
/// one kind form one project, as the files of one app do. A block that is deliberately partial says so in its first
/// line (<c>// partial: ...</c>); those are few, and compiled in context by <see cref="ReadmeSnippetTests"/>.
/// </summary>
public sealed partial class ReadmeBlocksCompileTests
{
    private const int MaxPartialBlocks = 4;

    private static readonly Dictionary<string, string[]> ImplicitUsings = new(StringComparer.Ordinal)
    {
        // As the .NET SDK's ImplicitUsings give them for each project kind.
        ["ASP.NET Core web app"] =
        [
            "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json", "System.Threading",
            "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
            "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
            "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        ],
        ["console app"] = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"],
        ["xunit test project"] = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "Xunit"],
    };

    [Fact]
    public void Every_block_of_the_partner_readme_compiles_as_written_or_says_it_is_partial()
    {
        var blocks = Blocks(File.ReadAllText(Path.Combine(Repository.Root, "README.md"))).ToList();
        var partial = blocks.Where(b => b.StartsWith("// partial:", StringComparison.Ordinal)).ToList();
        var complete = blocks.Except(partial).ToList();

        Assert.NotEmpty(complete);
        Assert.True(partial.Count <= MaxPartialBlocks, $"{partial.Count} partial blocks; the README shows complete code, with at most {MaxPartialBlocks} exceptions.");
        foreach (var project in complete.GroupBy(Kind))
        {
            var errors = Compile(project.Key, [.. project]);
            Assert.True(errors.Count == 0, $"The README's {project.Key} blocks do not compile as written:\n{string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void A_block_that_does_not_compile_is_caught()
    {
        // The check itself: a missing using is an error, exactly as in a partner's project.
        var errors = Compile("ASP.NET Core web app", ["// Program.cs (ASP.NET Core web app)\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddTikiVip().AddRefundHandler<H>();\nsealed class H : IRefundHandler { }"]);

        Assert.Contains(errors, e => e.Contains("IRefundHandler", StringComparison.Ordinal));
    }

    private static string Kind(string block)
    {
        var match = HeaderPattern().Match(block);
        Assert.True(match.Success && ImplicitUsings.ContainsKey(match.Groups[2].Value),
            $"A README block must open with '// File.cs (kind)', kind one of {string.Join(", ", ImplicitUsings.Keys)}, or '// partial: why':\n{block}");
        return match.Groups[2].Value;
    }

    private static List<string> Compile(string kind, IReadOnlyList<string> files)
    {
        var trees = files.Select((text, i) => CSharpSyntaxTree.ParseText(text, Options, $"block{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings[kind].Select(u => $"global using global::{u};\n")), Options, "ImplicitUsings.cs"))
            .ToList();
        var topLevel = trees.Any(t => t.GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            "ReadmeBlocks", trees, References.Value,
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
    }

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);

    /// <summary>The runtime (with ASP.NET Core, as a web app has it) and the SDK's packages beside this test.</summary>
    private static readonly Lazy<List<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var packages = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return [.. platform.Concat(packages).GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => MetadataReference.CreateFromFile(g.First()))];
    });

    private static IEnumerable<string> Blocks(string markdown) =>
        BlockPattern().Matches(markdown.ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value.TrimEnd('\n'));

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^// ([\w.]+\.cs) \(([^)]+)\)")]
    private static partial Regex HeaderPattern();
}
