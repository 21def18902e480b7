using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TikiVip.Sdk.Reconciliation.Files;

namespace TikiVip.Sdk.Reconciliation.Layouts;

/// <summary>
/// A file name pattern: literal text with <c>{partner}</c>, <c>{date:FORMAT}</c>, <c>{n}</c> (the file's number in
/// its day) and, for names Tiki chooses, <c>*</c> (any text). Writes a name, or recognises one and says its day,
/// its part number and which answer it belongs to.
/// </summary>
internal sealed class FileNamePattern
{
    private const string Unsafe = "/\\:?\"<>|\0";

    private readonly List<(char Kind, string Text)> _parts; // 'L' literal, 'P' partner, 'D' date (Text = format), 'N' number, '*' any

    private FileNamePattern(string pattern, List<(char Kind, string Text)> parts)
    {
        Pattern = pattern;
        _parts = parts;
    }

    public string Pattern { get; }

    /// <summary>Parses a pattern, or names what is wrong with it.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="wildcards">Whether <c>*</c> is allowed (names Tiki chooses) and <c>{n}</c> optional.</param>
    /// <param name="setting">The setting's name, for messages.</param>
    /// <param name="problems">Receives every problem.</param>
    public static FileNamePattern? Parse(string? pattern, bool wildcards, string setting, List<string> problems)
    {
        var before = problems.Count;
        if (string.IsNullOrWhiteSpace(pattern))
        {
            problems.Add($"{setting} is empty.");
            return null;
        }

        var parts = new List<(char, string)>();
        var literal = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '{')
            {
                var end = pattern.IndexOf('}', i);
                if (end < 0)
                {
                    problems.Add($"{setting} '{pattern}' has a '{{' without its '}}'.");
                    break;
                }

                Flush();
                var token = pattern[(i + 1)..end];
                if (token == "partner")
                {
                    parts.Add(('P', ""));
                }
                else if (token == "n")
                {
                    parts.Add(('N', ""));
                }
                else if (token.StartsWith("date:", StringComparison.Ordinal) && IsDateFormat(token[5..]))
                {
                    parts.Add(('D', token[5..]));
                }
                else
                {
                    problems.Add($"{setting} '{pattern}': {{{token}}} is not a placeholder; use {{partner}}, {{n}} or {{date:FORMAT}} with FORMAT of yyyy, MM and dd (and '-', '_' or '.'), e.g. {{date:yyyyMMdd}}.");
                }

                i = end;
            }
            else if (c == '*' && wildcards)
            {
                Flush();
                parts.Add(('*', ""));
            }
            else if (Unsafe.Contains(c, StringComparison.Ordinal) || c == '*' || char.IsControl(c))
            {
                problems.Add($"{setting} '{pattern}' contains '{ReconciliationText.Show(c.ToString())}', which a file name cannot hold.");
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush();
        if (parts.Count(p => p.Item1 == 'D') != 1)
        {
            problems.Add($"{setting} '{pattern}' must hold the day exactly once, as {{date:FORMAT}} (e.g. {{date:yyyyMMdd}}).");
        }

        if (parts.Count(p => p.Item1 == 'N') > 1 || (!wildcards && !parts.Any(p => p.Item1 == 'N')))
        {
            problems.Add($"{setting} '{pattern}' must hold {{n}}, the file's number within its day, {(wildcards ? "at most" : "exactly")} once.");
        }

        return problems.Count == before ? new FileNamePattern(pattern, parts) : null;

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(('L', literal.ToString()));
                literal.Clear();
            }
        }
    }

    /// <summary>The name of the <paramref name="number"/>th file of a day.</summary>
    public string Format(string partner, DateOnly date, int? number)
    {
        var name = new StringBuilder();
        foreach (var (kind, text) in _parts)
        {
            name.Append(kind switch
            {
                'L' => text,
                'P' => partner,
                'D' => date.ToString(text, CultureInfo.InvariantCulture),
                'N' => number?.ToString(CultureInfo.InvariantCulture) ?? "",
                _ => "",
            });
        }

        return name.ToString();
    }

    /// <summary>The day's set of files, e.g. for its lock and its report: the name without its number.</summary>
    public string SetName(string partner, DateOnly date) => Format(partner, date, null).Trim('_', '-', '.', ' ');

    /// <summary>A recogniser of names that follow the pattern for one partner, or any when <see langword="null"/> (case-insensitive, the whole name).</summary>
    public Regex Recogniser(string? partner)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < _parts.Count; i++)
        {
            var (kind, text) = _parts[i];
            var numberNext = i + 1 < _parts.Count && _parts[i + 1].Kind == 'N';
            if (kind == 'N')
            {
                continue; // written with the literal before it
            }

            if (kind == 'L' && numberNext)
            {
                // A part number is optional in a name Tiki chooses, its separator with it: _{n} matches "_2" or nothing.
                var separator = text[^1] is '_' or '-' or '.' ? text[^1..] : "";
                regex.Append(Regex.Escape(text[..^separator.Length])).Append("(?:").Append(Regex.Escape(separator)).Append("(?<n>[0-9]{1,9})(?![0-9]))?");
                continue;
            }

            if (numberNext)
            {
                regex.Append(Part(kind, text, partner)).Append("(?:(?<n>[0-9]{1,9})(?![0-9]))?");
                continue;
            }

            regex.Append(Part(kind, text, partner));
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
    }

    private static string Part(char kind, string text, string? partner) => kind switch
    {
        'L' => Regex.Escape(text),
        'P' => partner is null ? ".+?" : Regex.Escape(partner),
        'D' => "(?<date>" + string.Concat(DateTokens(text).Select(t => t[0] is 'y' or 'M' or 'd' ? $"\\d{{{t.Length}}}" : Regex.Escape(t))) + ")(?![0-9])",
        _ => ".*",
    };

    /// <summary>What a name says: its day, its number and the answer it belongs to (the name without its number).</summary>
    public bool TryRecognise(Regex recogniser, string name, out DateOnly date, out int number, out string answer)
    {
        date = default;
        number = 0;
        answer = name.ToUpperInvariant();
        var match = recogniser.Match(name);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups["date"].Value, _parts.First(p => p.Kind == 'D').Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return false;
        }

        if (match.Groups["n"] is { Success: true } n)
        {
            number = int.Parse(n.Value, CultureInfo.InvariantCulture);
            answer = name.Remove(n.Index, n.Length).Insert(n.Index, "{n}").ToUpperInvariant();
        }

        return true;
    }

    private static bool IsDateFormat(string format) =>
        format.Length > 0 && format.All(c => c is 'y' or 'M' or 'd' or '-' or '_' or '.')
        && DateTokens(format).Where(t => t[0] is 'y' or 'M' or 'd').Order(StringComparer.Ordinal).SequenceEqual(["MM", "dd", "yyyy"]);

    private static IEnumerable<string> DateTokens(string format)
    {
        for (var i = 0; i < format.Length;)
        {
            var j = i;
            while (j < format.Length && format[j] == format[i])
            {
                j++;
            }

            yield return format[i..j];
            i = j;
        }
    }
}
