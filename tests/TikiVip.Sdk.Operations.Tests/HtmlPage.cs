using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace TikiVip.Sdk.Operations.Tests;

/// <summary>A page parsed as a browser would (AngleSharp), so tests ask for elements and text, not attribute order.</summary>
internal static class HtmlPage
{
    private static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The cells of the table row whose cell labelled <paramref name="keyColumn"/> reads <paramref name="key"/>, by column label.</summary>
    public static IReadOnlyDictionary<string, string> Row(IDocument page, string keyColumn, string key)
    {
        var row = page.QuerySelectorAll("tr").Single(r => r.QuerySelectorAll("td").Any(c => c.GetAttribute("data-label") == keyColumn && c.TextContent.Trim() == key));
        return row.QuerySelectorAll("td").ToDictionary(c => c.GetAttribute("data-label") ?? "", c => c.TextContent.Trim());
    }
}
