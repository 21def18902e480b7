using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using TikiVip.Sdk.Reconciliation;

namespace TikiVip.Sdk.Operations.Pages;

/// <summary>
/// Builds a page: markup is written as is only when it is a compile-time constant of the page's own code
/// (<see cref="Raw(string)"/> takes <see cref="ConstantExpectedAttribute"/> strings, and the build refuses anything else:
/// CA1857 is an error), and every value goes through the HTML encoder (<see cref="Text(string?)"/>,
/// <see cref="Attribute"/>). So no value from a request or a store can become markup by mistake.
/// </summary>
internal sealed class HtmlWriter
{
    // Vietnamese and symbols stay readable in the source; only what HTML treats specially is encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo Vietnam = CultureInfo.GetCultureInfo("vi-VN");
    private readonly StringBuilder _html = new(16 * 1024);
    private string[] _labels = [];
    private int _cell;

    /// <summary>Markup from the page's own code: a constant, never a value from a request or a store.</summary>
    public HtmlWriter Raw([ConstantExpected] string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>One of a few constant markups chosen by a condition (each branch is still a constant).</summary>
    public HtmlWriter Raw(bool condition, [ConstantExpected] string whenTrue, [ConstantExpected] string whenFalse)
    {
        _html.Append(condition ? whenTrue : whenFalse);
        return this;
    }

    /// <summary>What another writer built (itself made of constants and encoded values).</summary>
    public HtmlWriter Append(HtmlWriter other)
    {
        _html.Append(other._html);
        return this;
    }

    /// <summary>A tone's CSS class name, e.g. inside a <c>class</c> attribute the page opened.</summary>
    public HtmlWriter Class(Tone tone) => tone switch
    {
        Tone.Ok => Raw("ok"),
        Tone.Warn => Raw("warn"),
        Tone.Bad => Raw("bad"),
        _ => this,
    };

    /// <summary>A badge: a short state in a coloured frame, written the same way on every page.</summary>
    public HtmlWriter Badge(Tone tone, string text) => Raw("<span class=\"badge ").Class(tone).Raw("\">").Text(text).Raw("</span>");

    /// <summary>A value in its tone's colour.</summary>
    public HtmlWriter Toned(Tone tone, string text) => Raw("<span class=\"").Class(tone).Raw("\">").Text(text).Raw("</span>");

    public HtmlWriter Text(string? value)
    {
        if (value is not null)
        {
            _html.Append(Encoder.Encode(value));
        }

        return this;
    }

    public HtmlWriter Text(long value) => Text(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>An amount in VND as Tiki's app shows it (dots between thousands).</summary>
    public HtmlWriter Amount(long vnd) => Text(vnd.ToString("N0", Vietnam) + " ₫");

    /// <summary>A time in Vietnam (UTC+7), with how long ago it was.</summary>
    public HtmlWriter Time(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } value)
        {
            return Raw("<span class=\"muted\">—</span>");
        }

        var local = value.ToOffset(VietnamCalendar.Offset);
        Raw("<time datetime=\"").Text(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Raw("\" title=\"")
            .Text(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Raw(" UTC\">")
            .Text(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Raw("</time>");
        return Raw(" <span class=\"muted\">(").Text(Ago(now - value)).Raw(")</span>");
    }

    /// <summary>
    /// Opens a table; a column is "English" or "English|Tiếng Việt". Each cell carries its column's name, so a
    /// phone shows the rows as cards (label above value) instead of a table wider than the screen.
    /// </summary>
    public HtmlWriter TableStart(params string[] columns)
    {
        _labels = new string[columns.Length];
        Raw("<div class=\"scroll\"><table><thead><tr>");
        for (var i = 0; i < columns.Length; i++)
        {
            var parts = columns[i].Split('|');
            _labels[i] = parts[0];
            Raw("<th>").Text(parts[0]);
            if (parts.Length > 1)
            {
                Raw("<br><small lang=\"vi\">").Text(parts[1]).Raw("</small>");
            }

            Raw("</th>");
        }

        return Raw("</tr></thead><tbody>");
    }

    public HtmlWriter RowStart(string? id = null)
    {
        _cell = 0;
        Raw("<tr");
        if (id is not null)
        {
            Attribute("id", id);
        }

        return Raw(">");
    }

    /// <summary>Opens the row's next cell, labelled with its column.</summary>
    public HtmlWriter Cell(string? cssClass = null, int columns = 1)
    {
        Raw("<td").Attribute("data-label", _cell < _labels.Length ? _labels[_cell] : "");
        _cell += columns;
        if (cssClass is not null)
        {
            Attribute("class", cssClass);
        }

        if (columns > 1)
        {
            Attribute("colspan", columns.ToString(CultureInfo.InvariantCulture));
        }

        return Raw(">");
    }

    public HtmlWriter CellEnd() => Raw("</td>");

    public HtmlWriter RowEnd() => Raw("</tr>");

    public HtmlWriter TableEnd() => Raw("</tbody></table></div>");

    /// <summary>A hidden field or a query value, attribute-encoded.</summary>
    public HtmlWriter Attribute([ConstantExpected] string name, string? value)
    {
        _html.Append(' ').Append(name).Append("=\"");
        return Text(value).Raw("\"");
    }

    /// <summary>A link, its text encoded; in <c>&lt;code&gt;</c> for an id.</summary>
    public HtmlWriter Link(string href, string? text, bool code = false) =>
        Raw("<a").Attribute("href", href).Raw(code, "><code>", ">").Text(text).Raw(code, "</code></a>", "</a>");

    public override string ToString() => _html.ToString();

    internal static string Ago(TimeSpan elapsed)
    {
        var future = elapsed < TimeSpan.Zero;
        var span = future ? -elapsed : elapsed;
        var text = span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} days";
        return future ? "in " + text : text + " ago";
    }
}
