using System.Text.RegularExpressions;

namespace TikiVip.Sdk.IntegrationTests.Conventions;

/// <summary>
/// Every C# block of the READMEs and of docs/ is code that compiles. A block that names its file and project kind
/// (<c>// Program.cs (ASP.NET Core web app)</c>) is compiled as written by <see cref="ReadmeBlocksCompileTests"/>;
/// any other stands, verbatim, between <c>#region readme</c> markers in tests/TikiVip.Sdk.ReadmeSnippets, which the
/// solution builds, and its leading <c>using</c> lines must be directives of that file.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string Root = Repository.Root;

    public static TheoryData<string> Readmes()
    {
        var data = new TheoryData<string>();
        foreach (var path in Documents())
        {
            data.Add(Path.GetRelativePath(Root, path).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_csharp_block_is_compiled_code(string readme)
    {
        var snippets = Snippets();
        foreach (var block in Blocks(File.ReadAllText(Path.Combine(Root, readme))).Where(b => !CompiledAsWritten().IsMatch(b)))
        {
            var lines = block.Split('\n').ToList();
            var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || (l.Length == 0 && lines.Count > 0)).ToList();
            var code = string.Join('\n', lines.Skip(usings.Count)).Trim('\n');
            var match = snippets.FirstOrDefault(s => s.Code == code);

            Assert.True(match is not null, $"{readme} has a C# block that is not in tests/TikiVip.Sdk.ReadmeSnippets (so nothing compiles it):\n{code}");
            foreach (var directive in usings.Where(u => u.Length > 0))
            {
                Assert.Contains(directive, match!.Usings);
            }
        }
    }

    [Fact]
    public void Every_compiled_snippet_is_shown_in_a_readme()
    {
        var shown = Documents()
            .SelectMany(path => Blocks(File.ReadAllText(path)))
            .Select(b => string.Join('\n', b.Split('\n').SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0)).Trim('\n'))
            .ToHashSet();

        Assert.All(Snippets(), s => Assert.True(shown.Contains(s.Code), $"{s.File} has a snippet no README shows any more:\n{s.Code}"));
    }

    /// <summary>The READMEs (the repository's and each package's), CONTRIBUTING.md and docs/.</summary>
    private static IEnumerable<string> Documents() =>
        new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "CONTRIBUTING.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    private static IEnumerable<string> Blocks(string markdown) =>
        BlockPattern().Matches(markdown.ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value.TrimEnd('\n'));

    private static List<Snippet> Snippets()
    {
        var result = new List<Snippet>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "tests", "TikiVip.Sdk.ReadmeSnippets"), "*.cs"))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            var usings = text.Split('\n').Where(l => l.StartsWith("using ", StringComparison.Ordinal)).ToHashSet();
            foreach (Match region in RegionPattern().Matches(text))
            {
                result.Add(new Snippet(Path.GetFileName(file), Dedent(region.Groups[1].Value), usings));
            }
        }

        Assert.NotEmpty(result);
        return result;
    }

    private static string Dedent(string text)
    {
        var lines = text.TrimEnd('\n', ' ').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart(' ').Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' '))).Trim('\n');
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^// [\w.]+\.cs \([^)]+\)")]
    private static partial Regex CompiledAsWritten();

    [GeneratedRegex(@"^[ \t]*#region readme\n(.*?)^[ \t]*#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex RegionPattern();

    private sealed record Snippet(string File, string Code, HashSet<string> Usings);
}
