using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TikiVip.Cli;

/// <summary>Options that take an amount in VND: refused in plain words when they are not a positive whole number.</summary>
internal static class AmountOption
{
    public static Option<long> Required(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result => Parse(result, name) ?? 0,
    };

    public static Option<long?> Optional(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Parse(result, name),
    };

    private static long? Parse(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var vnd) && vnd > 0)
        {
            return vnd;
        }

        result.AddError($"{name} must be a whole number of VND, e.g. 100000; got '{text}'.");
        return null;
    }
}
