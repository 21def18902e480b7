using System.Globalization;
using Microsoft.Extensions.Configuration;
using TikiVip.Sdk.Reconciliation.Files;
using TikiVip.Sdk.Reconciliation.Matching;
using TikiVip.Sdk.Reconciliation.Scheduling;
using TikiVip.Sdk.Shared;

namespace TikiVip.Sdk.Reconciliation.Layouts;

/// <summary>
/// Binds the reconciliation's settings from configuration without letting the configuration binder stop at the
/// first value it cannot convert: such a value (an unknown enum name, a number or a duration that is not one) is set
/// aside and kept on the object it belongs to, so that object's <c>Validate</c> names it together with every other
/// problem, and a partner fixes an agreement in one pass.
/// </summary>
internal static class ReconciliationSettingsBinder
{
    private static readonly Dictionary<string, SettingKind> LayoutSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Columns:*:Name"] = SettingKind.Text,
        ["Columns:*:Field"] = SettingKind.Field,
        ["Columns:*:ExtraKey"] = SettingKind.Text,
        ["Header"] = SettingKind.Flag,
        ["Delimiter"] = SettingKind.Text,
        ["Bom"] = SettingKind.Flag,
        ["LineEnding"] = SettingKind.Of<ReconciliationLineEnding>(),
        ["TimestampFormat"] = SettingKind.Text,
        ["UtcOffset"] = SettingKind.Duration,
        ["StatusNames:Success"] = SettingKind.Text,
        ["StatusNames:Failure"] = SettingKind.Text,
        ["StatusNames:Pending"] = SettingKind.Text,
        ["ResultNames:Matched"] = SettingKind.Text,
        ["ResultNames:NotMatched"] = SettingKind.Text,
        ["FileName"] = SettingKind.Text,
        ["FileExtension"] = SettingKind.Text,
        ["MaxLinesPerFile"] = SettingKind.WholeNumber,
    };

    private static readonly Dictionary<string, SettingKind> ResultsSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mode"] = SettingKind.Of<ReconciliationMatchMode>(),
        ["FileName"] = SettingKind.Text,
    };

    private static readonly Dictionary<string, SettingKind> JobSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PartnerName"] = SettingKind.Text,
        ["WorkDirectory"] = SettingKind.Text,
        ["RunAt"] = SettingKind.Duration,
        ["CheckInterval"] = SettingKind.Duration,
        ["MaxCatchUpDays"] = SettingKind.WholeNumber,
        ["ResultWindow"] = SettingKind.Duration,
        ["LeaseDuration"] = SettingKind.Duration,
        ["DeliveryGracePeriod"] = SettingKind.Duration,
        ["DateBasis"] = SettingKind.Of<ReconciliationDateBasis>(),
    };

    /// <summary>Binds the daily job's section (<c>TikiVip:Reconciliation</c>); other keys (the transport's) are left alone.</summary>
    public static void BindJob(IConfiguration section, ReconciliationJobOptions options)
    {
        var read = Read(section, Scope.Job, strict: false);
        read.Kept.Bind(options);
        read.Report(Scope.Job, options.SettingProblems);
        read.Report(Scope.Layout, options.Layout?.SettingProblems);
        read.Report(Scope.Results, options.Results?.SettingProblems);
        read.Report(Scope.ResultsLayout, options.Results?.Layout?.SettingProblems);
        read.MarkUnknownFields(Scope.Layout, options.Layout);
        read.MarkUnknownFields(Scope.ResultsLayout, options.Results?.Layout);
    }

    /// <summary>A layout on its own (the CLI's <c>--layout</c>); <paramref name="strict"/> names every key that is no setting.</summary>
    public static ReconciliationFileLayout BindLayout(IConfiguration section, bool strict)
    {
        var read = Read(section, Scope.Layout, strict);
        var layout = new ReconciliationFileLayout();
        read.Kept.Bind(layout);
        read.Report(Scope.Layout, layout.SettingProblems);
        read.MarkUnknownFields(Scope.Layout, layout);
        return layout;
    }

    /// <summary>Tiki's results on their own (the CLI's <c>--results-layout</c>); <paramref name="strict"/> as for a layout.</summary>
    public static ReconciliationResultsOptions BindResults(IConfiguration section, bool strict)
    {
        var read = Read(section, Scope.Results, strict);
        var results = new ReconciliationResultsOptions();
        read.Kept.Bind(results);
        read.Report(Scope.Results, results.SettingProblems);
        read.Report(Scope.ResultsLayout, results.Layout?.SettingProblems);
        read.MarkUnknownFields(Scope.ResultsLayout, results.Layout);
        return results;
    }

    private static Reading Read(IConfiguration section, Scope root, bool strict)
    {
        var reading = new Reading();
        var kept = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null || (value.Length == 0 && IsSection(root, key)))
            {
                continue; // a section (an empty list or object is one with no value): its values come one by one
            }

            if (!Find(root, key, out var scope, out var setting, out var kind))
            {
                if (strict)
                {
                    reading.Problems.Add((scope, $"{setting} is not a setting of {Describe(scope)}: check its spelling (settings are {string.Join(", ", Names(scope))})."));
                }
                else
                {
                    kept[key] = value; // another part's setting, e.g. the transport's Sftp section
                }

                continue;
            }

            if (kind == SettingKind.Text || kind.IsValid(value))
            {
                kept[key] = value;
            }
            else if (value.Trim().Length == 0)
            {
                // An empty typed value keeps the setting's default, as an absent one does.
            }
            else if (kind == SettingKind.Field)
            {
                // The column stays (with no field) so the other columns keep their places; its own check names the text.
                kept[key] = nameof(ReconciliationField.None);
                var parts = key.Split(':');
                reading.UnknownFields.Add((scope, string.Join(':', parts[..^2]), parts[^2], value));
            }
            else
            {
                reading.Problems.Add((scope, $"{setting} {ReconciliationText.Show(value)} {kind.Expectation}."));
            }
        }

        reading.Kept = new ConfigurationBuilder().AddInMemoryCollection(kept).Build();
        return reading;
    }

    /// <summary>Which object a key belongs to, and the setting's name within it (a column's index kept, e.g. <c>Columns:1:Field</c>).</summary>
    private static bool Find(Scope root, string key, out Scope scope, out string setting, out SettingKind kind)
    {
        scope = root;
        setting = key;
        kind = SettingKind.Text;
        while (true)
        {
            var (nested, prefix) = scope switch
            {
                Scope.Job when key.StartsWith("Layout:", StringComparison.OrdinalIgnoreCase) => (Scope.Layout, "Layout:"),
                Scope.Job when key.StartsWith("Results:", StringComparison.OrdinalIgnoreCase) => (Scope.Results, "Results:"),
                Scope.Results when key.StartsWith("Layout:", StringComparison.OrdinalIgnoreCase) => (Scope.ResultsLayout, "Layout:"),
                _ => (scope, ""),
            };
            if (prefix.Length == 0)
            {
                break;
            }

            scope = nested;
            key = key[prefix.Length..];
            setting = key;
        }

        return Settings(scope).TryGetValue(Pattern(key), out kind!);
    }

    /// <summary>Whether a key names a section of settings (<c>Layout</c>, <c>Columns</c>, <c>Columns:0</c>, <c>StatusNames</c>), not a setting.</summary>
    private static bool IsSection(Scope root, string key)
    {
        Find(root, key + ":", out var scope, out var rest, out _);
        var prefix = Pattern(rest.TrimEnd(':'));
        return rest.Length == 0 || Settings(scope).Keys.Any(k => k.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A key as the tables spell it: a list's index is <c>*</c>.</summary>
    private static string Pattern(string key) =>
        string.Join(':', key.Split(':').Select(part => part.Length > 0 && part.All(char.IsAsciiDigit) ? "*" : part));

    private static Dictionary<string, SettingKind> Settings(Scope scope) => scope switch
    {
        Scope.Job => JobSettings,
        Scope.Results => ResultsSettings,
        _ => LayoutSettings,
    };

    private static IEnumerable<string> Names(Scope scope)
    {
        IEnumerable<string> own = Settings(scope).Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase);
        return scope switch
        {
            Scope.Job => own.Append("Layout").Append("Results"),
            Scope.Results => own.Append("Layout"),
            _ => own,
        };
    }

    private static string Describe(Scope scope) => scope switch
    {
        Scope.Job => "the reconciliation",
        Scope.Results => "Tiki's results",
        _ => "a layout",
    };

    private enum Scope
    {
        Job,
        Layout,
        Results,
        ResultsLayout,
    }

    private sealed class Reading
    {
        public IConfiguration Kept { get; set; } = null!;

        public List<(Scope Scope, string Problem)> Problems { get; } = [];

        /// <summary>Each unknown field as written: the path of its layout's <c>Columns</c> section, the column's key there, the text.</summary>
        public List<(Scope Scope, string Columns, string Column, string Text)> UnknownFields { get; } = [];

        public void Report(Scope scope, List<string>? problems) =>
            problems?.AddRange(Problems.Where(p => p.Scope == scope).Select(p => p.Problem));

        /// <summary>Remembers each unknown field's text on its column, found by its place among its section's children, as the binder placed it.</summary>
        public void MarkUnknownFields(Scope scope, ReconciliationFileLayout? layout)
        {
            if (layout?.Columns is not { } columns)
            {
                return;
            }

            foreach (var (_, path, column, text) in UnknownFields.Where(f => f.Scope == scope))
            {
                var index = Kept.GetSection(path).GetChildren().Select(c => c.Key).ToList().IndexOf(column);
                if (index >= 0 && index < columns.Count && columns[index] is { } target)
                {
                    target.UnknownField = text;
                }
            }
        }
    }

    /// <summary>What a typed setting accepts, as the configuration binder would convert it (names rather than numbers for enums).</summary>
    private sealed class SettingKind(Func<string, bool> isValid, string expectation)
    {
        public static readonly SettingKind Text = new(_ => true, "");

        public static readonly SettingKind Field = Of<ReconciliationField>();

        public static readonly SettingKind Flag = new(v => bool.TryParse(v, out _), "is not true or false");

        public static readonly SettingKind WholeNumber = new(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "is not a whole number");

        public static readonly SettingKind Duration = new(v => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out _), "is not a duration such as 01:30:00 (hh:mm:ss, d.hh:mm:ss, or -hh:mm for an offset west of UTC)");

        public string Expectation { get; } = expectation;

        public bool IsValid(string value) => value.Trim().Length > 0 && isValid(value);

        public static SettingKind Of<TEnum>()
            where TEnum : struct, Enum
        {
            var names = Enum.GetNames<TEnum>().Where(n => n != "None").ToArray();
            return new(
                v => EnumSetting.TryParse<TEnum>(v, out _),
                $"is not one of {string.Join(", ", names)}");
        }
    }
}
